import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, it } from 'node:test';
import { text } from '../conformance/helpers.js';
import { SqliteStorage } from './sqlite-storage.js';

const dir = await mkdtemp(join(tmpdir(), 'tug-sqlite-crash-'));
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Ack {
  readonly key: string;
  readonly revision: number;
  readonly value: string;
}

/** Runs the writer fixture, kills it with SIGKILL once `killAfter` writes were acknowledged. */
async function writeUntilKilled(path: string, killAfter: number): Promise<Ack[]> {
  const fixture = new URL('../../../test/fixtures/sqlite-crash-writer.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const acks: Ack[] = [];
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => {
    resolve(signal);
  }));
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      const [word, key, revision, ...value] = line.split(' ');
      if (word !== 'ack' || key === undefined) continue;
      acks.push({ key, revision: Number(revision), value: value.join(' ') });
      if (acks.length === killAfter) child.kill('SIGKILL');
    }
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  assert.equal(await exited, 'SIGKILL', 'the writer was killed, not stopped by an error');
  return acks;
}

it('keeps every acknowledged write when the process is killed with SIGKILL mid-write', async () => {
  const path = join(dir, 'state.db');
  const acks = await writeUntilKilled(path, 3000);
  assert.ok(acks.length >= 3000, `only ${acks.length} writes were acknowledged`);

  const store = await SqliteStorage.open({ path });
  try {
    const newestAck = new Map<string, Ack>();
    for (const ack of acks) {
      const seen = newestAck.get(ack.key);
      if (seen === undefined || seen.revision < ack.revision) newestAck.set(ack.key, ack);
    }
    const current = await store.currentRevision();
    for (const ack of newestAck.values()) {
      assert.ok(ack.revision <= current, `acknowledged revision ${ack.revision} is beyond ${current}`);
      const kv = (await store.get(ack.key)).kv;
      assert.ok(kv !== undefined, `acknowledged key ${ack.key} is missing`);
      if (ack.key.startsWith('/crash/counter/')) {
        assert.ok(kv.modRevision >= ack.revision, `${ack.key} went back in time`);
        assert.ok(Number(text(kv.value)) >= Number(ack.value));
      } else {
        assert.equal(kv.modRevision, ack.revision);
        assert.equal(text(kv.value), ack.value);
      }
    }
    const revisions = (await store.list('/crash/')).kvs.map((kv) => kv.modRevision);
    assert.equal(new Set(revisions).size, revisions.length, 'no two keys share a revision');
    const after = await store.create('/crash/after-restart', new TextEncoder().encode('ok'));
    assert.equal(after.modRevision, current + 1);
  } finally {
    await store.close();
  }
});
