import type BetterSqlite3 from 'better-sqlite3';
import type { KeyValue, WatchEvent } from '../interface.js';
import { keyBytes, prefixEnd } from '../key-range.js';

/** A row of the `log` table. */
export interface LogRow {
  readonly revision: number;
  readonly key: Buffer;
  readonly value: Buffer;
  readonly deleted: number;
  readonly create_revision: number;
  readonly prev_revision: number | null;
}

interface EventRow extends LogRow {
  readonly prev_value: Buffer | null;
  readonly prev_create_revision: number | null;
}

/** A byte range of keys: [start, end). */
export interface KeyRange {
  readonly start: Buffer;
  readonly end: Buffer;
}

export function rangeOf(key: string, prefix: boolean): KeyRange {
  const start = keyBytes(key);
  return { start, end: prefix ? prefixEnd(start) : Buffer.concat([start, Buffer.from([0])]) };
}

export function toKeyValue(row: LogRow): KeyValue {
  return {
    key: row.key.toString('utf8'),
    value: new Uint8Array(row.value.buffer, row.value.byteOffset, row.value.byteLength),
    createRevision: row.create_revision,
    modRevision: row.revision,
  };
}

const NO_LIMIT = -1;

/** The prepared statements of one SQLite datastore, typed. All synchronous. */
export class SqliteQueries {
  readonly #currentRow: BetterSqlite3.Statement<[Buffer], LogRow>;
  readonly #rowAt: BetterSqlite3.Statement<[Buffer, number], LogRow>;
  readonly #listCurrent: BetterSqlite3.Statement<[Buffer, Buffer, number], LogRow>;
  readonly #listAt: BetterSqlite3.Statement<[Buffer, Buffer, number, number], LogRow>;
  readonly #count: BetterSqlite3.Statement<[Buffer, Buffer], { n: number }>;
  readonly #maxRevision: BetterSqlite3.Statement<[], { revision: number | null }>;
  readonly #insertLog: BetterSqlite3.Statement<[number, Buffer, Uint8Array, number, number, number | null]>;
  readonly #upsertCurrent: BetterSqlite3.Statement<[Buffer, number]>;
  readonly #deleteCurrent: BetterSqlite3.Statement<[Buffer]>;
  readonly #eventsSince: BetterSqlite3.Statement<[number, Buffer, Buffer], EventRow>;
  readonly #getMeta: BetterSqlite3.Statement<[string], { value: number }>;
  readonly #setMeta: BetterSqlite3.Statement<[number, string]>;
  readonly #compact: BetterSqlite3.Statement<[number, number, number, number]>;

  constructor(db: BetterSqlite3.Database) {
    this.#currentRow = db.prepare(
      'SELECT l.* FROM current c JOIN log l ON l.revision = c.revision WHERE c.key = ?',
    );
    this.#rowAt = db.prepare('SELECT * FROM log WHERE key = ? AND revision <= ? ORDER BY revision DESC LIMIT 1');
    this.#listCurrent = db.prepare(
      'SELECT l.* FROM current c JOIN log l ON l.revision = c.revision WHERE c.key >= ? AND c.key < ? ORDER BY c.key LIMIT ?',
    );
    this.#listAt = db.prepare(
      `SELECT l.* FROM (SELECT key, MAX(revision) AS newest FROM log WHERE key >= ? AND key < ? AND revision <= ? GROUP BY key) m
       JOIN log l ON l.revision = m.newest WHERE l.deleted = 0 ORDER BY m.key LIMIT ?`,
    );
    this.#count = db.prepare('SELECT COUNT(*) AS n FROM current WHERE key >= ? AND key < ?');
    this.#maxRevision = db.prepare('SELECT MAX(revision) AS revision FROM log');
    this.#insertLog = db.prepare('INSERT INTO log VALUES (?, ?, ?, ?, ?, ?)');
    this.#upsertCurrent = db.prepare(
      'INSERT INTO current (key, revision) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET revision = excluded.revision',
    );
    this.#deleteCurrent = db.prepare('DELETE FROM current WHERE key = ?');
    this.#eventsSince = db.prepare(
      `SELECT l.*, p.value AS prev_value, p.create_revision AS prev_create_revision
       FROM log l LEFT JOIN log p ON p.revision = l.prev_revision
       WHERE l.revision > ? AND l.key >= ? AND l.key < ? ORDER BY l.revision`,
    );
    this.#getMeta = db.prepare('SELECT value FROM meta WHERE name = ?');
    this.#setMeta = db.prepare('UPDATE meta SET value = ? WHERE name = ?');
    // Drops rows below the compaction revision that a newer row below it supersedes,
    // and deletes below it; what reads and watches at or after it need stays.
    this.#compact = db.prepare(
      `DELETE FROM log WHERE revision >= ? AND revision < ? AND revision < ? AND (deleted = 1 OR EXISTS (
         SELECT 1 FROM log AS newer WHERE newer.key = log.key AND newer.revision > log.revision AND newer.revision < ?))`,
    );
  }

  currentRow(key: string): LogRow | undefined {
    return this.#currentRow.get(keyBytes(key));
  }

  rowAt(key: string, revision: number): LogRow | undefined {
    return this.#rowAt.get(keyBytes(key), revision);
  }

  /** Live rows in [start, end) in key order; at `revision` if it is not the current one. */
  list(range: KeyRange, revision: number | undefined, limit: number): LogRow[] {
    const max = limit > 0 ? limit : NO_LIMIT;
    return revision === undefined
      ? this.#listCurrent.all(range.start, range.end, max)
      : this.#listAt.all(range.start, range.end, revision, max);
  }

  count(range: KeyRange): number {
    return this.#count.get(range.start, range.end)?.n ?? 0;
  }

  maxRevision(): number {
    return this.#maxRevision.get()?.revision ?? 0;
  }

  insert(row: LogRow): void {
    this.#insertLog.run(row.revision, row.key, row.value, row.deleted, row.create_revision, row.prev_revision);
    if (row.deleted === 1) this.#deleteCurrent.run(row.key);
    else this.#upsertCurrent.run(row.key, row.revision);
  }

  eventsSince(since: number, range: KeyRange): WatchEvent[] {
    return this.#eventsSince.all(since, range.start, range.end).map(toEvent);
  }

  meta(name: 'compacted'): number {
    return this.#getMeta.get(name)?.value ?? 1;
  }

  setMeta(name: 'compacted', value: number): void {
    this.#setMeta.run(value, name);
  }

  /** Compacts the revisions in [from, to) of history below `compactTo`. */
  compactWindow(from: number, to: number, compactTo: number): number {
    return this.#compact.run(from, to, compactTo, compactTo).changes;
  }
}

function toEvent(row: EventRow): WatchEvent {
  const prevKv =
    row.prev_revision === null || row.prev_value === null
      ? undefined
      : toKeyValue({
          revision: row.prev_revision,
          key: row.key,
          value: row.prev_value,
          deleted: 0,
          create_revision: row.prev_create_revision ?? row.prev_revision,
          prev_revision: null,
        });
  const revision = row.revision;
  if (row.deleted === 1) {
    if (prevKv === undefined) throw new Error(`delete at revision ${revision} has lost its previous value`);
    return { type: 'deleted', revision, prevKv };
  }
  const kv = toKeyValue(row);
  return prevKv === undefined ? { type: 'created', revision, kv } : { type: 'updated', revision, kv, prevKv };
}
