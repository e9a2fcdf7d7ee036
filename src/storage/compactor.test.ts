import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FakeClock } from '../util/clock.js';
import { silentLogger } from '../util/logger.js';
import { Compactor } from './compactor.js';
import { MemoryStorage } from './memory/memory-storage.js';

const flush = () => new Promise((resolve) => setImmediate(resolve));

it('compactor keeps one interval of history and compacts what is older', async () => {
  const storage = new MemoryStorage();
  const clock = new FakeClock();
  const compactor = new Compactor({ storage, clock, logger: silentLogger, intervalMs: 60_000 });
  compactor.start();
  const value = new TextEncoder().encode('x');

  const first = await storage.create('/a', value);
  clock.advance(60_000);
  await flush();
  assert.equal(await storage.compactedRevision(), 1, 'the first tick only remembers the revision');

  await storage.update('/a', value, first.modRevision);
  clock.advance(60_000);
  await flush();
  assert.equal(await storage.compactedRevision(), first.modRevision);
  assert.ok((await storage.currentRevision()) > first.modRevision, 'newer history is kept');

  await compactor.stop();
  clock.advance(600_000);
  await flush();
  assert.equal(clock.pending, 0);
  await storage.close();
});
