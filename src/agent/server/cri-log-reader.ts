import { watch } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { CriLogFormatter, type LogFormatOptions } from './cri-log-formatter.js';
import { type CriLogLine, parseCriLogLine } from './cri-log-line.js';

export interface CriLogReadOptions extends LogFormatOptions {
  /** Only the last this many lines (partial entries joined) of what the file holds now. */
  readonly tailLines?: number;
}

export interface FollowOptions {
  /** Whether the container still runs; once it does not, the reader ends after the last bytes. */
  readonly isRunning: () => Promise<boolean>;
  /** Ends following (the client went away). */
  readonly signal: AbortSignal;
  /** How long to wait for a change notification before looking again. */
  readonly pollMs?: number;
}

const NEWLINE = 0x0a;
const DEFAULT_POLL_MS = 1000;

/**
 * Reads a CRI log file and writes what the container printed (see CriLogFormatter),
 * and with `follow` keeps writing what is appended until the container exits.
 */
export async function readCriLog(
  path: string,
  options: CriLogReadOptions,
  write: (chunk: Buffer) => Promise<void> | void,
  follow?: FollowOptions,
): Promise<void> {
  const formatter = new CriLogFormatter(options);
  const file = await open(path, 'r');
  try {
    const reader = new LineReader(file);
    const lines = await reader.readNewLines();
    const start = options.tailLines === undefined ? 0 : tailStart(lines, options.tailLines);
    await emit(lines.slice(start), formatter, write);
    if (follow === undefined) return;
    for (;;) {
      if (follow.signal.aborted || formatter.done) return;
      const running = await follow.isRunning();
      const appended = await reader.readNewLines();
      await emit(appended, formatter, write);
      if (appended.length === 0) {
        if (!running) return;
        await waitForChange(path, follow.pollMs ?? DEFAULT_POLL_MS, follow.signal);
      }
    }
  } finally {
    await file.close();
  }
}

async function emit(lines: readonly CriLogLine[], formatter: CriLogFormatter, write: (chunk: Buffer) => Promise<void> | void): Promise<void> {
  for (const line of lines) {
    const output = formatter.format(line);
    if (output.length > 0) await write(output);
    if (formatter.done) return;
  }
}

/** The index of the first entry of the last `count` lines, a line being entries up to a full one. */
function tailStart(lines: readonly CriLogLine[], count: number): number {
  if (count <= 0) return lines.length;
  let seen = 0;
  for (let index = lines.length - 1; index >= 0; index--) {
    const previous = lines[index - 1];
    if (previous === undefined || !previous.partial) {
      seen++;
      if (seen === count) return index;
    }
  }
  return 0;
}

/** Reads newline-terminated entries from where it stopped last time; a half-written last line waits. */
class LineReader {
  readonly #file: FileHandle;
  #offset = 0;
  #pending = Buffer.alloc(0);

  constructor(file: FileHandle) {
    this.#file = file;
  }

  async readNewLines(): Promise<CriLogLine[]> {
    const { size } = await this.#file.stat();
    if (size <= this.#offset) return [];
    const chunk = Buffer.alloc(size - this.#offset);
    const { bytesRead } = await this.#file.read(chunk, 0, chunk.length, this.#offset);
    this.#offset += bytesRead;
    const data = Buffer.concat([this.#pending, chunk.subarray(0, bytesRead)]);
    const lines: CriLogLine[] = [];
    let start = 0;
    for (let end = data.indexOf(NEWLINE); end >= 0; end = data.indexOf(NEWLINE, start)) {
      const line = parseCriLogLine(data.subarray(start, end));
      if (line !== undefined) lines.push(line);
      start = end + 1;
    }
    this.#pending = Buffer.from(data.subarray(start));
    return lines;
  }
}

function waitForChange(path: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(path);
    const finish = (): void => {
      clearTimeout(timer);
      watcher.close();
      signal.removeEventListener('abort', finish);
      resolve();
    };
    const timer = setTimeout(finish, timeoutMs);
    watcher.on('change', finish);
    watcher.on('error', finish);
    signal.addEventListener('abort', finish);
  });
}
