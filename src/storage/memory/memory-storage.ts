import {
  FutureRevisionError,
  KeyExistsError,
  StorageClosedError,
} from '../errors.js';
import type {
  DeleteResult,
  GetResult,
  KeyValue,
  ListOptions,
  ListResult,
  ReadOptions,
  Storage,
  WatchEvent,
  WatchOptions,
  WatchStream,
} from '../interface.js';
import { assertValidKey, assertValueFits, compareKeys, watchCovers } from '../keys.js';
import { guardedValue, readRevision } from '../local-checks.js';
import { LocalWatchHub } from '../local-watch-hub.js';

/** One change in the log: the key's value after it, or undefined for a delete. */
interface Change {
  readonly revision: number;
  readonly key: string;
  readonly kv: KeyValue | undefined;
  readonly prevKv: KeyValue | undefined;
}

/**
 * Keeps everything in this process's memory: for unit tests and throwaway clusters.
 * The log of changes is the source of truth; `#current` indexes the newest values.
 */
export class MemoryStorage implements Storage {
  #log: Change[] = [];
  readonly #current = new Map<string, KeyValue>();
  #revision = 0;
  #compacted = 1;
  #closed = false;
  readonly #hub = new LocalWatchHub({
    eventsSince: (since, key, prefix) => this.#eventsSince(since, key, prefix),
    compactedRevision: () => this.#compacted,
    currentRevision: () => this.#revision,
  });

  async currentRevision(): Promise<number> {
    this.#assertOpen();
    return this.#revision;
  }

  async compactedRevision(): Promise<number> {
    this.#assertOpen();
    return this.#compacted;
  }

  async get(key: string, options: ReadOptions = {}): Promise<GetResult> {
    this.#assertOpen();
    assertValidKey(key);
    const revision = this.#readRevision(options.revision);
    return { kv: this.#valueAt(key, revision), revision };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.#assertOpen();
    assertValidKey(prefix);
    const revision = this.#readRevision(options.revision);
    const start = options.startKey ?? prefix;
    const keys = new Set<string>();
    for (const change of this.#log) {
      if (change.revision > revision) break;
      keys.add(change.key);
    }
    for (const key of this.#current.keys()) keys.add(key);
    const matching = [...keys]
      .filter((key) => key.startsWith(prefix) && compareKeys(key, start) >= 0)
      .sort(compareKeys);
    const kvs: KeyValue[] = [];
    const limit = options.limit ?? 0;
    for (const key of matching) {
      const kv = this.#valueAt(key, revision);
      if (kv === undefined) continue;
      if (limit > 0 && kvs.length === limit) return { kvs, revision, more: true };
      kvs.push(kv);
    }
    return { kvs, revision, more: false };
  }

  async count(prefix: string): Promise<number> {
    this.#assertOpen();
    assertValidKey(prefix);
    let n = 0;
    for (const key of this.#current.keys()) if (key.startsWith(prefix)) n++;
    return n;
  }

  async create(key: string, value: Uint8Array): Promise<KeyValue> {
    this.#assertOpen();
    assertValidKey(key);
    assertValueFits(key, value);
    if (this.#current.has(key)) throw new KeyExistsError(key);
    const revision = this.#revision + 1;
    const kv = { key, value: copy(value), createRevision: revision, modRevision: revision };
    this.#commit({ revision, key, kv, prevKv: undefined });
    return kv;
  }

  async update(key: string, value: Uint8Array, expectedModRevision: number): Promise<KeyValue> {
    this.#assertOpen();
    assertValidKey(key);
    assertValueFits(key, value);
    const prevKv = this.#guard(key, expectedModRevision);
    const revision = this.#revision + 1;
    const kv = { key, value: copy(value), createRevision: prevKv.createRevision, modRevision: revision };
    this.#commit({ revision, key, kv, prevKv });
    return kv;
  }

  async delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    this.#assertOpen();
    assertValidKey(key);
    const prevKv = this.#guard(key, expectedModRevision);
    const revision = this.#revision + 1;
    this.#commit({ revision, key, kv: undefined, prevKv });
    return { prevKv, revision };
  }

  watch(key: string, options: WatchOptions = {}): WatchStream {
    this.#assertOpen();
    assertValidKey(key);
    return this.#hub.watch(key, options);
  }

  async compact(revision: number): Promise<void> {
    this.#assertOpen();
    if (revision > this.#revision) throw new FutureRevisionError(revision, this.#revision);
    if (revision <= this.#compacted) return;
    const newestBefore = new Map<string, Change>();
    for (const change of this.#log) {
      if (change.revision >= revision) break;
      newestBefore.set(change.key, change);
    }
    this.#log = this.#log.filter(
      (change) =>
        change.revision >= revision ||
        (newestBefore.get(change.key) === change && change.kv !== undefined),
    );
    this.#compacted = revision;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#hub.closeAll();
  }

  #assertOpen(): void {
    if (this.#closed) throw new StorageClosedError();
  }

  #guard(key: string, expectedModRevision: number | undefined): KeyValue {
    return guardedValue(key, this.#current.get(key), expectedModRevision);
  }

  #commit(change: Change): void {
    this.#revision = change.revision;
    this.#log.push(change);
    if (change.kv === undefined) this.#current.delete(change.key);
    else this.#current.set(change.key, change.kv);
    this.#hub.publish([toEvent(change)]);
  }

  #readRevision(requested: number | undefined): number {
    return readRevision(requested, this.#revision, this.#compacted);
  }

  #valueAt(key: string, revision: number): KeyValue | undefined {
    if (revision === this.#revision) return this.#current.get(key);
    let found: KeyValue | undefined;
    for (const change of this.#log) {
      if (change.revision > revision) break;
      if (change.key === key) found = change.kv;
    }
    return found;
  }

  #eventsSince(since: number, key: string, prefix: boolean): WatchEvent[] {
    return this.#log
      .filter((change) => change.revision > since && watchCovers(key, prefix, change.key))
      .map(toEvent);
  }
}

function toEvent(change: Change): WatchEvent {
  const { revision, kv, prevKv } = change;
  if (kv === undefined) {
    if (prevKv === undefined) throw new Error(`delete at revision ${revision} has no previous value`);
    return { type: 'deleted', revision, prevKv };
  }
  return prevKv === undefined ? { type: 'created', revision, kv } : { type: 'updated', revision, kv, prevKv };
}

function copy(value: Uint8Array): Uint8Array {
  return Uint8Array.from(value);
}
