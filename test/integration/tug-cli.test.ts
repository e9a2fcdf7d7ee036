import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { runTug } from '../helpers/run-tug.js';

const dir = await mkdtemp(join(tmpdir(), 'tug-cli-'));
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function assertOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `expected one line, got:\n${stderr}`);
  assert.match(lines[0] ?? '', pattern);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('the tug command', () => {
  it('prints help listing its commands', async () => {
    const result = await runTug(['--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Usage: tug/);
    assert.match(result.stdout, /datastore/);
    const sub = await runTug(['datastore', 'status', '--help']);
    assert.equal(sub.code, 0);
    assert.match(sub.stdout, /--datastore <url>/);
  });

  it('shows the revision and key count of an SQLite datastore', async () => {
    const path = join(dir, 'status', 'state.db');
    const store = await SqliteStorage.open({ path });
    const kv = await store.create('/registry/configmaps/default/a', new TextEncoder().encode('{}'));
    await store.update(kv.key, new TextEncoder().encode('{"v":2}'), kv.modRevision);
    await store.create('/registry/configmaps/default/b', new TextEncoder().encode('{}'));
    await store.close();
    const result = await runTug(['datastore', 'status', '--datastore', `sqlite://${path}`]);
    assert.equal(result.stderr, '');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^Revision:\s+3$/m);
    assert.match(result.stdout, /^Keys:\s+2$/m);
  });

  it('compacts a datastore and reports the revision', async () => {
    const path = join(dir, 'compact', 'state.db');
    const store = await SqliteStorage.open({ path });
    const kv = await store.create('/a', new TextEncoder().encode('1'));
    await store.update('/a', new TextEncoder().encode('2'), kv.modRevision);
    await store.close();
    const result = await runTug(['datastore', 'compact', '--datastore', `sqlite://${path}`]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /compacted history up to revision 2/);
    const status = await runTug(['datastore', 'status', '--datastore', `sqlite://${path}`]);
    assert.match(status.stdout, /^Compacted:\s+2$/m);
  });

  it('refuses a corrupt SQLite file with one line naming it, and leaves it as it was', async () => {
    const path = join(dir, 'corrupt.db');
    const content = Buffer.from('SQLite format 3\0 but then garbage '.repeat(100));
    await writeFile(path, content);
    const result = await runTug(['datastore', 'status', '--datastore', `sqlite://${path}`]);
    assert.equal(result.code, 1);
    assertOneLineError(result.stderr, new RegExp(`^tug: error: SQLite datastore ${path}: `));
    assert.deepEqual(await readFile(path), content);
  });

  it('refuses a malformed datastore URL', async () => {
    const result = await runTug(['datastore', 'status', '--datastore', 'mysql://db:3306']);
    assert.equal(result.code, 1);
    assertOneLineError(result.stderr, /^tug: error: datastore URL "mysql:\/\/db:3306": unsupported scheme "mysql"/);
  });

  it('fails with one line naming an etcd endpoint that does not answer', async () => {
    const port = await freePort();
    const result = await runTug(['datastore', 'status', '--datastore', `etcd://127.0.0.1:${port}`]);
    assert.equal(result.code, 1);
    assertOneLineError(result.stderr, new RegExp(`^tug: error: .*127\\.0\\.0\\.1:${port}`));
  });
});
