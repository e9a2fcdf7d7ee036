import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { bytes, text } from '../conformance/helpers.js';
import { DatastoreConfigError } from '../errors.js';
import { SqliteStorage } from './sqlite-storage.js';

const dir = await mkdtemp(join(tmpdir(), 'tug-sqlite-file-'));
after(async () => {
  await rm(dir, { recursive: true, force: true });
});
let n = 0;
const fresh = () => join(dir, `case-${++n}`, 'state.db');

async function refusal(path: string): Promise<DatastoreConfigError> {
  const error = await SqliteStorage.open({ path }).then(
    async (store) => {
      await store.close();
      return assert.fail(`opening ${path} succeeded`);
    },
    (e: unknown) => e,
  );
  assert.ok(error instanceof DatastoreConfigError, String(error));
  assert.ok(error.message.includes(path), `message names the file: ${error.message}`);
  assert.ok(!error.message.includes('\n'), 'message is one line');
  return error;
}

describe('sqlite datastore file', () => {
  it('keeps keys, revisions and compaction across a reopen', async () => {
    const path = fresh();
    const first = await SqliteStorage.open({ path });
    const a = await first.create('/a', bytes('1'));
    const b = await first.update('/a', bytes('2'), a.modRevision);
    await first.create('/b', bytes('3'));
    await first.compact(b.modRevision);
    const revision = await first.currentRevision();
    await first.close();

    const second = await SqliteStorage.open({ path });
    assert.equal(await second.currentRevision(), revision);
    assert.equal(await second.compactedRevision(), b.modRevision);
    assert.equal(text((await second.get('/a')).kv?.value), '2');
    const next = await second.create('/c', bytes('4'));
    assert.equal(next.modRevision, revision + 1);
    await second.close();
  });

  it('refuses a second process while one holds the datastore', async () => {
    const path = fresh();
    const holder = await SqliteStorage.open({ path });
    await holder.create('/held', bytes('yes'));
    const probe = `
      import { SqliteStorage } from ${JSON.stringify(new URL('./sqlite-storage.ts', import.meta.url).pathname)};
      try { await SqliteStorage.open({ path: ${JSON.stringify(path)} }); console.log('opened'); }
      catch (e) { console.log(e.constructor.name + ': ' + e.message); }
    `;
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe]);
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('error', reject);
      child.on('close', () => {
        resolve(out.trim());
      });
    });
    assert.match(output, /^DatastoreConfigError: SQLite datastore .* is in use by another process$/);
    assert.equal(text((await holder.get('/held')).kv?.value), 'yes');
    await holder.close();
  });

  it('refuses a file that is not a database, and leaves it untouched', async () => {
    const path = fresh();
    await mkdir(join(path, '..'), { recursive: true });
    const garbage = Buffer.from('this is not an SQLite file, but somebody cares about it\n'.repeat(200));
    await writeFile(path, garbage);
    const error = await refusal(path);
    assert.match(error.message, /not a database/);
    assert.deepEqual(await readFile(path), garbage);
  });

  it('refuses another program\'s SQLite database', async () => {
    const path = fresh();
    await mkdir(join(path, '..'), { recursive: true });
    const other = new Database(path);
    other.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')");
    other.close();
    const error = await refusal(path);
    assert.match(error.message, /not a Tugboat datastore \(tables: notes\)/);
    const check = new Database(path, { readonly: true });
    assert.deepEqual(check.prepare('SELECT body FROM notes').all(), [{ body: 'keep me' }]);
    check.close();
  });

  it('refuses a path that is a directory', async () => {
    const path = fresh();
    await mkdir(path, { recursive: true });
    const error = await refusal(path);
    assert.match(error.message, /cannot open it/);
  });
});
