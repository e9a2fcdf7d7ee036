import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { errorMessage } from '../../util/errors.js';
import { DatastoreConfigError } from '../errors.js';
import { ensureSchema } from './schema.js';

export interface SqliteOpenOptions {
  /** The database file; created with its directory if missing. */
  readonly path: string;
  /**
   * `full` (default) syncs the WAL on every commit, so acknowledged writes survive a
   * power loss; `normal` survives a killed process but may lose the newest commits to
   * a power loss, for more writes per second.
   */
  readonly synchronous?: 'full' | 'normal';
}

/**
 * Opens the datastore file, takes an exclusive lock on it (one process owns a
 * datastore: its watchers hear of writes without polling), and checks that it is
 * ours. Every failure is a DatastoreConfigError naming the file.
 */
export async function openDatabase(options: SqliteOpenOptions): Promise<BetterSqlite3.Database> {
  const path = resolve(options.path);
  const fail = (what: string, cause?: unknown): DatastoreConfigError =>
    new DatastoreConfigError(`SQLite datastore ${path}: ${what}`, { cause });
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (error) {
    throw fail(`cannot create its directory: ${errorMessage(error)}`, error);
  }
  let db: BetterSqlite3.Database;
  try {
    db = new Database(path, { timeout: 2000 });
  } catch (error) {
    throw fail(`cannot open it: ${errorMessage(error)}`, error);
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    db.transaction(() => undefined).immediate();
  } catch (error) {
    db.close();
    const message = errorMessage(error);
    if (/locked|busy/i.test(message)) throw fail('it is in use by another process', error);
    throw fail(`cannot open it: ${message}`, error);
  }
  try {
    const problem = ensureSchema(db);
    if (problem?.kind === 'foreign') {
      throw fail(`it is an SQLite database but not a Tugboat datastore (tables: ${problem.tables.join(', ')})`);
    }
    if (problem?.kind === 'newer') {
      throw fail(`it has schema version ${problem.version}, newer than this tug understands; upgrade tug`);
    }
  } catch (error) {
    db.close();
    if (error instanceof DatastoreConfigError) throw error;
    throw fail(`cannot read it: ${errorMessage(error)}`, error);
  }
  return db;
}
