import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseCriLogLine } from './cri-log-line.js';
import { readCriLog, type CriLogReadOptions } from './cri-log-reader.js';

const log = [
  '2024-05-01T10:00:00.000000001Z stdout F first line',
  '2024-05-01T10:00:01.5Z stderr F an error',
  '2024-05-01T10:00:02Z stdout P a long ',
  '2024-05-01T10:00:03Z stdout P line in ',
  '2024-05-01T10:00:04Z stdout F three parts',
  '2024-05-01T10:00:05Z stdout F ',
  '2024-05-01T10:00:06Z stdout F last line',
].join('\n');

describe('the CRI log reader', () => {
  let dir = '';
  let path = '';

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tug-log-'));
    path = join(dir, '0.log');
    await writeFile(path, `${log}\n`);
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function read(options: Partial<CriLogReadOptions> = {}, file = path): Promise<string> {
    const chunks: Buffer[] = [];
    await readCriLog(file, { timestamps: false, ...options }, (chunk) => {
      chunks.push(chunk);
    });
    return Buffer.concat(chunks).toString();
  }

  it('parses a line into its timestamp, stream, tag and content', () => {
    assert.deepEqual(parseCriLogLine(Buffer.from('2024-05-01T10:00:02Z stderr P part')), {
      timestamp: '2024-05-01T10:00:02Z',
      time: Date.parse('2024-05-01T10:00:02Z'),
      stream: 'stderr',
      partial: true,
      content: Buffer.from('part'),
    });
    assert.equal(parseCriLogLine(Buffer.from('not a log line')), undefined);
  });

  it('prints what the container wrote, without the CRI prefix and with partial lines joined', async () => {
    assert.equal(await read(), 'first line\nan error\na long line in three parts\n\nlast line\n');
  });

  it('prefixes each whole line with its first timestamp when asked for timestamps', async () => {
    const lines = (await read({ timestamps: true })).split('\n');
    assert.equal(lines[0], '2024-05-01T10:00:00.000000001Z first line');
    assert.equal(lines[2], '2024-05-01T10:00:02Z a long line in three parts');
  });

  it('prints only the last lines with tailLines, counting joined partial lines as one', async () => {
    assert.equal(await read({ tailLines: 3 }), 'a long line in three parts\n\nlast line\n');
    assert.equal(await read({ tailLines: 0 }), '');
    assert.equal(await read({ tailLines: 100 }), await read());
  });

  it('skips lines older than sinceTime and stops at limitBytes', async () => {
    assert.equal(await read({ sinceTime: Date.parse('2024-05-01T10:00:05Z') }), '\nlast line\n');
    assert.equal(await read({ limitBytes: 14 }), 'first line\nan ');
  });

  it('follows the file as it grows until the container stops running', async () => {
    const followed = join(dir, 'follow.log');
    await writeFile(followed, '2024-05-01T10:00:00Z stdout F before\n');
    let running = true;
    const abort = new AbortController();
    const chunks: string[] = [];
    let sawBefore: () => void = () => undefined;
    const before = new Promise<void>((resolve) => (sawBefore = resolve));
    const done = readCriLog(
      followed,
      { timestamps: false },
      (chunk) => {
        chunks.push(chunk.toString());
        if (chunk.toString().includes('before')) sawBefore();
      },
      { isRunning: () => Promise.resolve(running), signal: abort.signal, pollMs: 20 },
    );
    await before;
    await appendFile(followed, '2024-05-01T10:00:01Z stdout F after');
    await appendFile(followed, 'wards\n2024-05-01T10:00:02Z stdout F ');
    await appendFile(followed, 'the end\n');
    running = false;
    await done;
    assert.equal(chunks.join(''), 'before\nafterwards\nthe end\n');
  });

  it('stops following when the client goes away', async () => {
    const abort = new AbortController();
    const done = readCriLog(path, { timestamps: false }, () => undefined, { isRunning: () => Promise.resolve(true), signal: abort.signal, pollMs: 20 });
    abort.abort();
    await done;
  });
});
