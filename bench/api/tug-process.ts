import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { Resources } from '../lib/resources.js';
import { sleep } from '../storage/workload.js';

/** The checkout this benchmark belongs to (bench/api/ is two levels down). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TUG = join(REPO_ROOT, 'bin', 'tug.js');

const READY_POLL_MS = 10;
const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5000;
/** How much of the server's output is kept for error messages. */
const LOG_TAIL_CHARS = 16_384;

export interface Credentials {
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** A `tug server` child process running the built dist/ on 127.0.0.1. */
export interface TugProcess {
  readonly pid: number;
  readonly url: string;
  readonly dataDir: string;
  /** From just before spawn() to the first `GET /readyz` answering 200 `ok`. */
  readonly readyMs: number;
  /** From just before spawn() to the `listening on` line on stdout (NaN if none came). */
  readonly listeningMs: number;
  /** The last lines the server wrote (stdout and stderr). */
  readonly logTail: () => string;
  /** How many ERROR lines the server has logged. */
  readonly errorLines: () => number;
  /** SIGTERM (SIGKILL after 5 s), resolving once the process has exited; runs once. */
  readonly stop: () => Promise<void>;
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => {
    resolve();
  }));
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

/** One `GET /readyz` (TLS without verification: only for this health poll). */
function readyOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/readyz', rejectUnauthorized: false, agent: false, timeout: 1000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          resolve(res.statusCode === 200 && body.trim() === 'ok');
        });
        res.on('error', () => {
          resolve(false);
        });
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => {
      resolve(false);
    });
    req.end();
  });
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    resolve();
  }));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * Spawns `node bin/tug.js server --listen 127.0.0.1:PORT --data-dir DIR` with default
 * settings (SQLite datastore in DIR) and resolves once `/readyz` answers `ok`,
 * polled every 10 ms. The caller must call `stop()` (`resources` does if it does not).
 */
export async function startTug(dataDir: string, resources: Resources): Promise<TugProcess> {
  const port = await freePort();
  if (resources.releasing) throw new Error('interrupted: not starting another tug server');
  const started = performance.now();
  const child = spawn(process.execPath, [TUG, 'server', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir, '--disable-agent'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Registered at once, so that an interrupt stops a server that is still starting.
  const stop = resources.add(`tug server pid ${child.pid ?? '?'} on ${dataDir}`, () => stopChild(child));
  let tail = '';
  let errors = 0;
  let listeningMs = Number.NaN;
  const keep = (chunk: Buffer): void => {
    const text = chunk.toString();
    errors += text.split(' ERROR ').length - 1;
    if (Number.isNaN(listeningMs) && text.includes('listening on')) listeningMs = performance.now() - started;
    tail = (tail + text).slice(-LOG_TAIL_CHARS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  try {
    for (;;) {
      const attempt = performance.now();
      if (await readyOnce(port)) break;
      if (spawnError !== undefined) throw spawnError;
      if (hasExited(child)) throw new Error(`tug server exited with ${child.exitCode ?? child.signalCode ?? '?'}:\n${tail}`);
      if (performance.now() - started > READY_TIMEOUT_MS) throw new Error(`tug server was not ready within ${READY_TIMEOUT_MS} ms:\n${tail}`);
      await sleep(Math.max(0, READY_POLL_MS - (performance.now() - attempt)));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const readyMs = performance.now() - started;
  // The line comes after the listener is up (the kubeconfig is written in between).
  const lineDeadline = performance.now() + READY_TIMEOUT_MS;
  while (Number.isNaN(listeningMs) && !hasExited(child) && performance.now() < lineDeadline) await sleep(1);
  return {
    pid: child.pid ?? 0,
    url: `https://127.0.0.1:${port}`,
    dataDir,
    readyMs,
    listeningMs,
    logTail: () => tail,
    errorLines: () => errors,
    stop,
  };
}

/** The admin credentials from the kubeconfig `tug server` wrote into its data dir. */
export async function readCredentials(dataDir: string): Promise<Credentials> {
  const config = parseYaml(await readFile(join(dataDir, 'kubeconfig.yaml'), 'utf8')) as {
    clusters?: { cluster?: Record<string, string | undefined> }[];
    users?: { user?: Record<string, string | undefined> }[];
  };
  const field = (value: string | undefined, name: string): Buffer => {
    if (value === undefined || value === '') throw new Error(`kubeconfig.yaml in ${dataDir} has no ${name}`);
    return Buffer.from(value, 'base64');
  };
  return {
    ca: field(config.clusters?.[0]?.cluster?.['certificate-authority-data'], 'certificate-authority-data'),
    cert: field(config.users?.[0]?.user?.['client-certificate-data'], 'client-certificate-data'),
    key: field(config.users?.[0]?.user?.['client-key-data'], 'client-key-data'),
  };
}

export interface ProcessMemory {
  /** Resident set size now, in MiB. */
  readonly rssMiB: number;
  /** The peak resident set size so far, in MiB. */
  readonly peakMiB: number;
}

/** VmRSS and VmHWM of a process, from /proc/PID/status (Linux). */
export async function processMemory(pid: number): Promise<ProcessMemory> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    if (match?.[1] === undefined) throw new Error(`no ${name} in /proc/${pid}/status`);
    return Number(match[1]);
  };
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

/** Clock ticks per second of /proc/PID/stat's CPU times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** CPU time (user + system) a process has used so far, in ms, from /proc/PID/stat. */
export async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its ')' are plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
}
