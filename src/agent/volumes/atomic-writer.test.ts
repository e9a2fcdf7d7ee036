import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { AtomicWriter } from './atomic-writer.js';

const file = (text: string) => ({ data: Buffer.from(text), mode: 0o644 });

it('the atomic writer refuses paths that would leave the volume or clash with its own entries', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tug-atomic-'));
  try {
    const writer = new AtomicWriter(dir);
    await assert.rejects(writer.write(new Map([['/etc/passwd', file('x')]])), /must be relative path/);
    await assert.rejects(writer.write(new Map([['a/../../b', file('x')]])), /must not contain '\.\.'/);
    await assert.rejects(writer.write(new Map([['..data', file('x')]])), /must not start with '\.\.'/);
    assert.deepEqual(await readdir(dir), [], 'nothing was written');
    assert.equal(await writer.write(new Map([['ok', file('x')]])), true);
    assert.equal(await writer.write(new Map([['ok', file('x')]])), false, 'the same payload again changes nothing');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
