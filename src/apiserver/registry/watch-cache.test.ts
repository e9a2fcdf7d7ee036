import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextEvents } from '../../storage/conformance/helpers.js';
import { MemoryStorage } from '../../storage/memory/memory-storage.js';
import { silentLogger } from '../../util/logger.js';
import { WatchCache } from './watch-cache.js';

const value = new TextEncoder().encode('{}');

async function started(capacity: number) {
  const storage = new MemoryStorage();
  await storage.create('/registry/core/configmaps/default/before', value);
  const cache = new WatchCache({ storage, logger: silentLogger, prefix: '/registry/', capacity });
  await cache.start();
  return { storage, cache };
}

describe('watch cache', () => {
  it('fans one storage watch out to watchers of different prefixes', async () => {
    const { storage, cache } = await started(100);
    const configMaps = await cache.watch('/registry/core/configmaps/', undefined);
    const secrets = await cache.watch('/registry/core/secrets/', undefined);
    await storage.create('/registry/core/configmaps/default/a', value);
    await storage.create('/registry/core/secrets/default/s', value);
    assert.equal((await nextEvents(configMaps, 1))[0]?.type === 'created' && 'ok', 'ok');
    const [secret] = await nextEvents(secrets, 1);
    assert.equal(secret?.type === 'created' && secret.kv.key, '/registry/core/secrets/default/s');
    await cache.stop();
  });

  it('replays recent events to a watcher resuming from a revision, then follows live', async () => {
    const { storage, cache } = await started(100);
    const first = await storage.create('/registry/core/configmaps/default/a', value);
    await storage.update(first.key, value, first.modRevision);
    await storage.delete(first.key);
    await new Promise((resolve) => setImmediate(resolve));
    const resumed = await cache.watch('/registry/core/configmaps/', first.modRevision);
    await storage.create('/registry/core/configmaps/default/b', value);
    const events = await nextEvents(resumed, 3);
    assert.deepEqual(events.map((e) => e.type), ['updated', 'deleted', 'created']);
    await cache.stop();
  });

  it('sends watchers older than its window to storage, which still has the history', async () => {
    const { storage, cache } = await started(2);
    const start = await storage.currentRevision();
    for (let i = 0; i < 5; i++) await storage.create(`/registry/core/configmaps/default/k${i}`, value);
    await new Promise((resolve) => setImmediate(resolve));
    const old = await cache.watch('/registry/core/configmaps/', start);
    const events = await nextEvents(old, 5);
    assert.equal(new Set(events.map((e) => e.revision)).size, 5);
    old.close();
    await cache.stop();
  });
});
