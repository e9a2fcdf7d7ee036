import type BetterSqlite3 from 'better-sqlite3';

/** The version of the table layout below; a datastore with a newer one is refused. */
export const SCHEMA_VERSION = 1;

/**
 * `log` holds every version of every key, one row per revision; a delete is a row
 * with `deleted = 1`, an empty value and `prev_revision` pointing at the
 * last value. `current`
 * points each live key at its newest row. `meta` holds the schema version and the
 * compacted revision.
 */
const TABLES = `
CREATE TABLE IF NOT EXISTS log (
  revision INTEGER PRIMARY KEY,
  key BLOB NOT NULL,
  value BLOB NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER
);
CREATE INDEX IF NOT EXISTS log_by_key ON log (key, revision);
CREATE TABLE IF NOT EXISTS current (
  key BLOB PRIMARY KEY,
  revision INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
`;

export type SchemaProblem =
  | { kind: 'foreign'; tables: string[] }
  | { kind: 'newer'; version: number };

/**
 * Creates the tables in an empty database, or checks that an existing one is a
 * Tugboat datastore this code can read. Returns a problem instead of touching a
 * database that is not ours.
 */
export function ensureSchema(db: BetterSqlite3.Database): SchemaProblem | undefined {
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map(
    (row) => row.name,
  );
  if (tables.length > 0 && !tables.includes('meta')) return { kind: 'foreign', tables };
  if (tables.includes('meta')) {
    const row = db.prepare(`SELECT value FROM meta WHERE name = 'schema'`).get() as { value: number } | undefined;
    if (row === undefined) return { kind: 'foreign', tables };
    if (row.value > SCHEMA_VERSION) return { kind: 'newer', version: row.value };
  }
  db.transaction(() => {
    db.exec(TABLES);
    db.prepare(`INSERT OR IGNORE INTO meta (name, value) VALUES ('schema', ?), ('compacted', 1)`).run(SCHEMA_VERSION);
  })();
  return undefined;
}
