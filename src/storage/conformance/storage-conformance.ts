import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CompactedError,
  ConflictError,
  FutureRevisionError,
  InvalidKeyError,
  KeyExistsError,
  KeyNotFoundError,
  ValueTooLargeError,
} from '../errors.js';
import type { Storage } from '../interface.js';
import { MAX_VALUE_BYTES } from '../interface.js';
import { bytes, nextEvents, text } from './helpers.js';

/** Opens a store for the suite; `close` releases it (and anything started for it). */
export interface ConformanceBackend {
  open(): Promise<Storage>;
}

/**
 * The behaviour every Storage implementation must show. Each test works under a
 * prefix of its own, so backends shared with other tests (a real etcd) work too.
 */
export function describeStorageConformance(name: string, backend: ConformanceBackend): void {
  describe(`${name} storage conformance`, () => {
    let store: Storage;
    const scope = () => `/conformance/${randomUUID()}/`;

    before(async () => {
      store = await backend.open();
    });
    after(async () => {
      await store.close();
    });

    it('creates a key and reads it back with its revisions', async () => {
      const p = scope();
      const before = await store.currentRevision();
      const kv = await store.create(`${p}a`, bytes('one'));
      assert.ok(kv.modRevision > before);
      assert.equal(kv.createRevision, kv.modRevision);
      const got = await store.get(`${p}a`);
      assert.equal(text(got.kv?.value), 'one');
      assert.equal(got.kv?.modRevision, kv.modRevision);
      assert.ok(got.revision >= kv.modRevision);
      assert.equal((await store.get(`${p}missing`)).kv, undefined);
    });

    it('refuses to create a key that exists and leaves it unchanged', async () => {
      const p = scope();
      const first = await store.create(`${p}a`, bytes('one'));
      await assert.rejects(store.create(`${p}a`, bytes('two')), KeyExistsError);
      const got = await store.get(`${p}a`);
      assert.equal(text(got.kv?.value), 'one');
      assert.equal(got.kv?.modRevision, first.modRevision);
    });

    it('updates only when the expected modification revision matches', async () => {
      const p = scope();
      const created = await store.create(`${p}a`, bytes('v1'));
      const updated = await store.update(`${p}a`, bytes('v2'), created.modRevision);
      assert.ok(updated.modRevision > created.modRevision);
      assert.equal(updated.createRevision, created.createRevision);
      const conflict = await store.update(`${p}a`, bytes('v3'), created.modRevision).then(
        () => assert.fail('stale update succeeded'),
        (error: unknown) => error,
      );
      assert.ok(conflict instanceof ConflictError);
      assert.equal(conflict.current.modRevision, updated.modRevision);
      assert.equal(text(conflict.current.value), 'v2');
      assert.equal(text((await store.get(`${p}a`)).kv?.value), 'v2');
      await assert.rejects(store.update(`${p}missing`, bytes('x'), 1), KeyNotFoundError);
    });

    it('deletes a key, returning its last value, guarded when asked', async () => {
      const p = scope();
      const created = await store.create(`${p}a`, bytes('v1'));
      const updated = await store.update(`${p}a`, bytes('v2'), created.modRevision);
      await assert.rejects(store.delete(`${p}a`, created.modRevision), ConflictError);
      const deleted = await store.delete(`${p}a`, updated.modRevision);
      assert.equal(text(deleted.prevKv.value), 'v2');
      assert.ok(deleted.revision > updated.modRevision);
      assert.equal((await store.get(`${p}a`)).kv, undefined);
      await assert.rejects(store.delete(`${p}a`), KeyNotFoundError);
      const recreated = await store.create(`${p}a`, bytes('v3'));
      assert.ok(recreated.createRevision > deleted.revision);
      await store.delete(`${p}a`);
    });

    it('gives every write a strictly greater revision, across keys', async () => {
      const p = scope();
      let last = await store.currentRevision();
      for (let i = 0; i < 20; i++) {
        const kv = await store.create(`${p}k${i}`, bytes(String(i)));
        assert.ok(kv.modRevision > last, `revision ${kv.modRevision} after ${last}`);
        last = kv.modRevision;
        const updated = await store.update(`${p}k${i}`, bytes('u'), kv.modRevision);
        assert.ok(updated.modRevision > last);
        last = updated.modRevision;
      }
      assert.ok((await store.currentRevision()) >= last);
    });

    it('reads a key as of an earlier revision', async () => {
      const p = scope();
      const v1 = await store.create(`${p}a`, bytes('v1'));
      const v2 = await store.update(`${p}a`, bytes('v2'), v1.modRevision);
      const gone = await store.delete(`${p}a`);
      assert.equal(text((await store.get(`${p}a`, { revision: v1.modRevision })).kv?.value), 'v1');
      assert.equal(text((await store.get(`${p}a`, { revision: v2.modRevision })).kv?.value), 'v2');
      assert.equal((await store.get(`${p}a`, { revision: v1.modRevision - 1 })).kv, undefined);
      assert.equal((await store.get(`${p}a`, { revision: gone.revision })).kv, undefined);
      const future = (await store.currentRevision()) + 1000;
      await assert.rejects(store.get(`${p}a`, { revision: future }), FutureRevisionError);
    });

    it('lists a prefix in byte order without other prefixes or deleted keys', async () => {
      const p = scope();
      for (const k of ['b', 'a', 'c/x', 'B', 'a/b']) await store.create(`${p}dir/${k}`, bytes(k));
      await store.create(`${p}dirx`, bytes('sibling'));
      await store.create(`${p}dir/zz`, bytes('doomed'));
      await store.delete(`${p}dir/zz`);
      const listed = await store.list(`${p}dir/`);
      assert.deepEqual(
        listed.kvs.map((kv) => kv.key.slice(p.length)),
        ['dir/B', 'dir/a', 'dir/a/b', 'dir/b', 'dir/c/x'],
      );
      assert.equal(listed.more, false);
      assert.equal(await store.count(`${p}dir/`), 5);
      assert.deepEqual((await store.list(`${p}nothing/`)).kvs, []);
    });

    it('pages through a list at one revision while writes go on', async () => {
      const p = scope();
      for (let i = 0; i < 25; i++) await store.create(`${p}${String(i).padStart(2, '0')}`, bytes(`v${i}`));
      const first = await store.list(p, { limit: 10 });
      assert.equal(first.kvs.length, 10);
      assert.equal(first.more, true);
      await store.create(`${p}05a`, bytes('late'));
      await store.delete(`${p}15`);
      await store.update(`${p}20`, bytes('changed'), (await store.get(`${p}20`)).kv?.modRevision ?? 0);
      const seen = first.kvs.map((kv) => kv.key);
      let page = first;
      while (page.more) {
        const lastKey = page.kvs.at(-1)?.key ?? p;
        page = await store.list(p, { limit: 10, startKey: `${lastKey}\0`, revision: first.revision });
        assert.equal(page.revision, first.revision);
        seen.push(...page.kvs.map((kv) => kv.key));
      }
      assert.deepEqual(
        seen.map((key) => key.slice(p.length)),
        Array.from({ length: 25 }, (_, i) => String(i).padStart(2, '0')),
      );
      const now = await store.list(p);
      assert.equal(now.kvs.length, 25);
      assert.equal(text(now.kvs.find((kv) => kv.key === `${p}20`)?.value), 'changed');
    });

    it('lists the state as it was at an earlier revision', async () => {
      const p = scope();
      const a = await store.create(`${p}a`, bytes('a1'));
      await store.create(`${p}b`, bytes('b1'));
      const mark = await store.currentRevision();
      await store.update(`${p}a`, bytes('a2'), a.modRevision);
      await store.delete(`${p}b`);
      await store.create(`${p}c`, bytes('c1'));
      const then = await store.list(p, { revision: mark });
      assert.deepEqual(
        then.kvs.map((kv) => `${kv.key.slice(p.length)}=${text(kv.value)}`),
        ['a=a1', 'b=b1'],
      );
    });

    it('round-trips arbitrary bytes', async () => {
      const p = scope();
      const value = Uint8Array.from({ length: 256 }, (_, i) => i);
      await store.create(`${p}bin`, value);
      assert.deepEqual((await store.get(`${p}bin`)).kv?.value, value);
    });

    it('refuses a value over the size limit and stores nothing', async () => {
      const p = scope();
      await assert.rejects(store.create(`${p}big`, new Uint8Array(MAX_VALUE_BYTES + 1)), ValueTooLargeError);
      assert.equal((await store.get(`${p}big`)).kv, undefined);
      const ok = await store.create(`${p}big`, new Uint8Array(1024 * 1024));
      await assert.rejects(
        store.update(`${p}big`, new Uint8Array(MAX_VALUE_BYTES + 1), ok.modRevision),
        ValueTooLargeError,
      );
      assert.equal((await store.get(`${p}big`)).kv?.value.byteLength, 1024 * 1024);
    });

    it('refuses keys that do not start with a slash', async () => {
      await assert.rejects(store.create('', bytes('x')), InvalidKeyError);
      await assert.rejects(store.create('relative/key', bytes('x')), InvalidKeyError);
    });

    it('streams creates, updates and deletes (with the last value) to a prefix watch', async () => {
      const p = scope();
      const watch = store.watch(p, { prefix: true });
      const a = await store.create(`${p}a`, bytes('a1'));
      await store.create(`/other${p}`, bytes('elsewhere'));
      const a2 = await store.update(`${p}a`, bytes('a2'), a.modRevision);
      const gone = await store.delete(`${p}a`);
      const events = await nextEvents(watch, 3);
      watch.close();
      assert.deepEqual(
        events.map((e) => e.type),
        ['created', 'updated', 'deleted'],
      );
      const [created, updated, deleted] = events;
      assert.equal(created?.type === 'created' && text(created.kv.value), 'a1');
      assert.equal(updated?.type === 'updated' && text(updated.prevKv.value), 'a1');
      assert.equal(updated?.revision, a2.modRevision);
      assert.equal(deleted?.type === 'deleted' && text(deleted.prevKv.value), 'a2');
      assert.equal(deleted?.revision, gone.revision);
    });

    it('watches a single key without seeing its neighbours', async () => {
      const p = scope();
      const watch = store.watch(`${p}a`);
      await store.create(`${p}ab`, bytes('neighbour'));
      await store.create(`${p}a`, bytes('mine'));
      const [event] = await nextEvents(watch, 1);
      watch.close();
      assert.equal(event?.type === 'created' && event.kv.key, `${p}a`);
    });

    it('replays history after a revision in order, then follows live writes', async () => {
      const p = scope();
      const start = await store.currentRevision();
      const a = await store.create(`${p}a`, bytes('1'));
      await store.update(`${p}a`, bytes('2'), a.modRevision);
      await store.create(`${p}b`, bytes('3'));
      await store.delete(`${p}a`);
      const watch = store.watch(p, { prefix: true, sinceRevision: start });
      const replayed = await nextEvents(watch, 4);
      await store.create(`${p}c`, bytes('4'));
      const [live] = await nextEvents(watch, 1);
      watch.close();
      const revisions = [...replayed, live].map((e) => e?.revision ?? 0);
      assert.deepEqual(revisions, [...revisions].sort((x, y) => x - y));
      assert.equal(new Set(revisions).size, 5);
      assert.deepEqual(
        [...replayed, live].map((e) => e?.type),
        ['created', 'updated', 'created', 'deleted', 'created'],
      );
      const late = store.watch(p, { prefix: true, sinceRevision: replayed[1]?.revision ?? 0 });
      const tail = await nextEvents(late, 3);
      late.close();
      assert.deepEqual(
        tail.map((e) => e.revision),
        revisions.slice(2),
      );
    });

    it('fails reads and watches of compacted history, keeping current values', async () => {
      const p = scope();
      const v1 = await store.create(`${p}a`, bytes('v1'));
      const v2 = await store.update(`${p}a`, bytes('v2'), v1.modRevision);
      await store.create(`${p}b`, bytes('b'));
      await store.delete(`${p}b`);
      const v3 = await store.update(`${p}a`, bytes('v3'), v2.modRevision);
      await store.compact(v3.modRevision);
      assert.ok((await store.compactedRevision()) >= v3.modRevision);
      await assert.rejects(store.get(`${p}a`, { revision: v1.modRevision }), CompactedError);
      await assert.rejects(store.list(p, { revision: v2.modRevision }), CompactedError);
      const stale = store.watch(p, { prefix: true, sinceRevision: v1.modRevision });
      await assert.rejects(nextEvents(stale, 1), CompactedError);
      assert.equal(text((await store.get(`${p}a`)).kv?.value), 'v3');
      assert.deepEqual(
        (await store.list(p)).kvs.map((kv) => text(kv.value)),
        ['v3'],
      );
      const fresh = store.watch(p, { prefix: true, sinceRevision: v3.modRevision });
      await store.delete(`${p}a`);
      const [deleted] = await nextEvents(fresh, 1);
      fresh.close();
      assert.equal(deleted?.type === 'deleted' && text(deleted.prevKv.value), 'v3');
    });

    it('loses no update when 100 writers race on one key', async () => {
      const p = scope();
      await store.create(`${p}counter`, bytes('0'));
      const watch = store.watch(`${p}counter`);
      const increment = async (): Promise<number> => {
        let current = (await store.get(`${p}counter`)).kv;
        for (;;) {
          if (current === undefined) throw new Error('counter vanished');
          const next = bytes(String(Number(text(current.value)) + 1));
          try {
            return (await store.update(`${p}counter`, next, current.modRevision)).modRevision;
          } catch (error) {
            if (!(error instanceof ConflictError)) throw error;
            current = error.current;
          }
        }
      };
      const revisions = await Promise.all(Array.from({ length: 100 }, increment));
      assert.equal(text((await store.get(`${p}counter`)).kv?.value), '100');
      assert.equal(new Set(revisions).size, 100);
      const events = await nextEvents(watch, 100);
      watch.close();
      assert.deepEqual(
        events.map((e) => (e.type === 'updated' ? text(e.kv.value) : e.type)),
        Array.from({ length: 100 }, (_, i) => String(i + 1)),
      );
    });
  });
}
