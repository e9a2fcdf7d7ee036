import type BetterSqlite3 from 'better-sqlite3';
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
import { keyBytes } from '../key-range.js';
import { assertValidKey, assertValueFits } from '../keys.js';
import { guardedValue, readRevision } from '../local-checks.js';
import { LocalWatchHub } from '../local-watch-hub.js';
import { openDatabase, type SqliteOpenOptions } from './open-database.js';
import { type LogRow, SqliteQueries, rangeOf, toKeyValue } from './sqlite-queries.js';
import { WriteBatcher } from './write-batcher.js';

export type SqliteStorageOptions = SqliteOpenOptions;

const MAX_WRITES_PER_TRANSACTION = 500;
const COMPACTION_WINDOW = 10_000;
const EMPTY = new Uint8Array(0);

/**
 * The embedded datastore: one SQLite file in WAL mode, owned by this process (an
 * exclusive lock keeps a second process out). Every write appends a row to `log`;
 * watchers hear of writes right after they commit, from this process's own writes.
 */
export class SqliteStorage implements Storage {
  readonly #db: BetterSqlite3.Database;
  readonly #queries: SqliteQueries;
  readonly #batcher: WriteBatcher;
  readonly #hub: LocalWatchHub;
  /** The newest revision that is committed and visible to readers. */
  #committed: number;
  /** The newest revision handed out, committed or still in the open transaction. */
  #assigned: number;
  #compacted: number;
  #uncommittedEvents: WatchEvent[] = [];
  #closed = false;

  private constructor(db: BetterSqlite3.Database) {
    this.#db = db;
    this.#queries = new SqliteQueries(db);
    this.#committed = this.#assigned = this.#queries.maxRevision();
    this.#compacted = this.#queries.meta('compacted');
    this.#hub = new LocalWatchHub({
      eventsSince: (since, key, prefix) => this.#queries.eventsSince(since, rangeOf(key, prefix)),
      compactedRevision: () => this.#compacted,
      currentRevision: () => this.#committed,
    });
    this.#batcher = new WriteBatcher({
      transaction: (body) => {
        db.transaction(body).immediate();
      },
      afterCommit: () => {
        this.#committed = this.#assigned;
        const events = this.#uncommittedEvents;
        this.#uncommittedEvents = [];
        this.#hub.publish(events);
      },
      afterRollback: () => {
        this.#assigned = this.#committed;
        this.#uncommittedEvents = [];
      },
      maxBatch: MAX_WRITES_PER_TRANSACTION,
    });
  }

  /** Opens (creating if needed) the datastore file; throws DatastoreConfigError if it cannot. */
  static async open(options: SqliteStorageOptions): Promise<SqliteStorage> {
    return new SqliteStorage(await openDatabase(options));
  }

  async currentRevision(): Promise<number> {
    this.#assertOpen();
    return this.#committed;
  }

  async compactedRevision(): Promise<number> {
    this.#assertOpen();
    return this.#compacted;
  }

  async get(key: string, options: ReadOptions = {}): Promise<GetResult> {
    this.#assertOpen();
    assertValidKey(key);
    const revision = this.#readRevision(options.revision);
    const row = revision === this.#committed ? this.#queries.currentRow(key) : this.#queries.rowAt(key, revision);
    return { kv: row === undefined || row.deleted === 1 ? undefined : toKeyValue(row), revision };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.#assertOpen();
    assertValidKey(prefix);
    const revision = this.#readRevision(options.revision);
    const range = rangeOf(prefix, true);
    const start = options.startKey === undefined ? range.start : keyBytes(options.startKey);
    const limit = options.limit ?? 0;
    const rows = this.#queries.list(
      { start: Buffer.compare(start, range.start) > 0 ? start : range.start, end: range.end },
      revision === this.#committed ? undefined : revision,
      limit > 0 ? limit + 1 : 0,
    );
    const more = limit > 0 && rows.length > limit;
    return { kvs: (more ? rows.slice(0, limit) : rows).map(toKeyValue), revision, more };
  }

  async count(prefix: string): Promise<number> {
    this.#assertOpen();
    assertValidKey(prefix);
    return this.#queries.count(rangeOf(prefix, true));
  }

  async create(key: string, value: Uint8Array): Promise<KeyValue> {
    this.#assertOpen();
    assertValidKey(key);
    assertValueFits(key, value);
    return this.#batcher.submit(() => {
      if (this.#queries.currentRow(key) !== undefined) throw new KeyExistsError(key);
      const kv = this.#append(key, value, undefined);
      this.#uncommittedEvents.push({ type: 'created', revision: kv.modRevision, kv });
      return kv;
    });
  }

  async update(key: string, value: Uint8Array, expectedModRevision: number): Promise<KeyValue> {
    this.#assertOpen();
    assertValidKey(key);
    assertValueFits(key, value);
    return this.#batcher.submit(() => {
      const prevKv = this.#guard(key, expectedModRevision);
      const kv = this.#append(key, value, prevKv);
      this.#uncommittedEvents.push({ type: 'updated', revision: kv.modRevision, kv, prevKv });
      return kv;
    });
  }

  async delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    this.#assertOpen();
    assertValidKey(key);
    return this.#batcher.submit(() => {
      const prevKv = this.#guard(key, expectedModRevision);
      const revision = this.#append(key, undefined, prevKv).modRevision;
      this.#uncommittedEvents.push({ type: 'deleted', revision, prevKv });
      return { prevKv, revision };
    });
  }

  watch(key: string, options: WatchOptions = {}): WatchStream {
    this.#assertOpen();
    assertValidKey(key);
    return this.#hub.watch(key, options);
  }

  async compact(revision: number): Promise<void> {
    this.#assertOpen();
    if (revision > this.#committed) throw new FutureRevisionError(revision, this.#committed);
    if (revision <= this.#compacted) return;
    this.#compacted = revision;
    this.#queries.setMeta('compacted', revision);
    for (let from = 0; from < revision && !this.#closed; from += COMPACTION_WINDOW) {
      this.#db.transaction(() => this.#queries.compactWindow(from, from + COMPACTION_WINDOW, revision))();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#batcher.drain();
    this.#closed = true;
    this.#hub.closeAll();
    this.#db.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new StorageClosedError();
  }

  /** The key's current value, if the caller's expectation about it holds. */
  #guard(key: string, expectedModRevision: number | undefined): KeyValue {
    const row = this.#queries.currentRow(key);
    return guardedValue(key, row === undefined ? undefined : toKeyValue(row), expectedModRevision);
  }

  /** Writes the next revision of `key` (a delete when `value` is undefined). */
  #append(key: string, value: Uint8Array | undefined, prevKv: KeyValue | undefined): KeyValue {
    const revision = this.#assigned + 1;
    const row: LogRow = {
      revision,
      key: keyBytes(key),
      value: Buffer.from(value ?? EMPTY),
      deleted: value === undefined ? 1 : 0,
      create_revision: prevKv?.createRevision ?? revision,
      prev_revision: prevKv?.modRevision ?? null,
    };
    this.#queries.insert(row);
    this.#assigned = revision;
    return toKeyValue(row);
  }

  #readRevision(requested: number | undefined): number {
    return readRevision(requested, this.#committed, this.#compacted);
  }
}
