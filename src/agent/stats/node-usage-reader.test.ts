import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { memoryWorkingSet } from './memory-working-set.js';
import { NodeUsageReader } from './node-usage-reader.js';

const FIXTURE = fileURLToPath(new URL('./testdata/cgroup-v1', import.meta.url));

describe('the node usage reader', () => {
  it('reads CPU time and the memory working set from cgroup v1 root files', async () => {
    const sample = await new NodeUsageReader({ cgroupRoot: FIXTURE, now: () => 42 }).read();
    assert.deepEqual(sample, { timestamp: 42, cpuUsageCoreNanoSeconds: 11974557016080, memoryWorkingSetBytes: 1795624960 - 684576768 });
  });

  it('prefers the hierarchical inactive file count and never goes below zero', () => {
    assert.equal(memoryWorkingSet('1000\n', 'inactive_file 100\ntotal_inactive_file 300\n'), 700);
    assert.equal(memoryWorkingSet('1000\n', 'cache 5\ninactive_file 100\n'), 900);
    assert.equal(memoryWorkingSet('1000\n', 'total_inactive_file 4000\n'), 0);
    assert.equal(memoryWorkingSet('1000', ''), 1000);
  });

  it('rejects a file that is not a counter', () => {
    assert.throws(() => memoryWorkingSet('max\n', ''), /memory\.usage_in_bytes: expected a counter/);
  });

  it('fails when the cgroup files are missing', async () => {
    await assert.rejects(new NodeUsageReader({ cgroupRoot: `${FIXTURE}/missing` }).read(), /ENOENT/);
  });
});
