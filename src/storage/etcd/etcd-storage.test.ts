import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { findLeader, freePort, startEtcdCluster, testEtcdEndpoints } from '../../../test/helpers/etcd-cluster.js';
import { bytes, text } from '../conformance/helpers.js';
import { describeStorageConformance } from '../conformance/storage-conformance.js';
import { KeyExistsError, StorageUnavailableError } from '../errors.js';
import { EtcdStorage } from './etcd-storage.js';

describe('etcd storage', () => {
  let etcd: { endpoints: string[]; stop(): Promise<void> } | undefined;

  before(async () => {
    etcd = await testEtcdEndpoints();
  });
  after(async () => {
    await etcd?.stop();
  });

  describeStorageConformance('etcd', {
    open: async () => {
      if (etcd === undefined) throw new Error('etcd did not start');
      return EtcdStorage.connect({ endpoints: etcd.endpoints });
    },
  });

  it('connect fails with a one-line error naming the endpoint when nothing listens there', async () => {
    const endpoint = `127.0.0.1:${await freePort()}`;
    const started = Date.now();
    const error = await EtcdStorage.connect({ endpoints: [endpoint], dialTimeoutMs: 1_000 }).then(
      () => assert.fail('connected to nothing'),
      (failure: unknown) => failure,
    );
    assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
    assert.ok(error instanceof StorageUnavailableError);
    assert.match(error.message, new RegExp(`^cannot reach etcd at ${endpoint.replaceAll('.', '\\.')} \\(.+\\)$`));
    assert.doesNotMatch(error.message, /\n/);
  });

  it('writes continue after the loss of one member of a three-member cluster', { timeout: 120_000 }, async () => {
    const cluster = await startEtcdCluster({ members: 3 });
    let store: EtcdStorage | undefined;
    try {
      store = await EtcdStorage.connect({ endpoints: cluster.endpoints, requestTimeoutMs: 3_000 });
      const prefix = `/failover/${randomUUID()}/`;
      const acknowledged = new Map<string, string>();
      const writeEventually = async (s: EtcdStorage, i: number): Promise<void> => {
        const key = `${prefix}${String(i).padStart(3, '0')}`;
        const value = `value ${i}`;
        const deadline = Date.now() + 30_000;
        for (;;) {
          try {
            await s.create(key, bytes(value));
            acknowledged.set(key, value);
            return;
          } catch (error) {
            if (error instanceof KeyExistsError) {
              // An earlier attempt was applied although its answer was lost.
              assert.equal(text((await s.get(key)).kv?.value), value);
              acknowledged.set(key, value);
              return;
            }
            if (!(error instanceof StorageUnavailableError) || Date.now() > deadline) throw error;
            await sleep(200);
          }
        }
      };

      for (let i = 0; i < 10; i++) await writeEventually(store, i);
      const leader = await findLeader(cluster);
      assert.ok(leader !== undefined, 'the cluster has a leader');
      await leader.kill();
      for (let i = 10; i < 40; i++) await writeEventually(store, i);

      assert.equal(acknowledged.size, 40);
      for (const [key, value] of acknowledged) {
        assert.equal(text((await store.get(key)).kv?.value), value, key);
      }
      const listed = await store.list(prefix);
      assert.deepEqual(
        listed.kvs.map((kv) => kv.key),
        [...acknowledged.keys()].sort(),
      );
    } finally {
      await store?.close();
      await cluster.stop();
    }
  });
});
