import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../api/tug-process.js';
import type { Resources } from '../lib/resources.js';

/** How long `tug sim` may take to register its nodes. */
const START_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 5000;
const LOG_TAIL_CHARS = 8192;

export interface SimOptions {
  readonly kubeconfig: string;
  readonly nodes: number;
  readonly podsPerNode: number;
  readonly namePrefix: string;
}

/** A `tug sim` child process running the built dist/. */
export interface SimProcess {
  readonly pid: number;
  /** From just before spawn() to the "simulated nodes running" line (all nodes registered). */
  readonly startMs: number;
  readonly logTail: () => string;
  readonly errorLines: () => number;
  /** SIGTERM (SIGKILL after 5 s), resolving once the process has exited; runs once. */
  readonly stop: () => Promise<void>;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    resolve();
  }));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * Spawns `node bin/tug.js sim --nodes N ...` against the cluster of `kubeconfig` and
 * resolves once it reports its nodes running. The caller must call `stop()`
 * (`resources` does if it does not).
 */
export async function startSim(options: SimOptions, resources: Resources): Promise<SimProcess> {
  if (resources.releasing) throw new Error('interrupted: not starting tug sim');
  const args = [
    join(REPO_ROOT, 'bin', 'tug.js'),
    'sim',
    '--kubeconfig',
    options.kubeconfig,
    '--nodes',
    String(options.nodes),
    '--pods',
    String(options.podsPerNode),
    '--name-prefix',
    options.namePrefix,
  ];
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = resources.add(`tug sim pid ${child.pid ?? '?'}`, () => stopChild(child));
  let tail = '';
  let errors = 0;
  const keep = (chunk: Buffer): void => {
    const text = chunk.toString();
    errors += text.split(' ERROR ').length - 1;
    tail = (tail + text).slice(-LOG_TAIL_CHARS);
  };
  child.stderr.on('data', keep);
  const running = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`tug sim did not register its nodes within ${START_TIMEOUT_MS} ms:\n${tail}`));
    }, START_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`tug sim exited with ${code ?? signal ?? '?'}:\n${tail}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      keep(Buffer.from(`${line}\n`));
      if (line.includes('simulated nodes running')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  try {
    await running;
  } catch (error) {
    await stop();
    throw error;
  }
  return { pid: child.pid ?? 0, startMs: performance.now() - started, logTail: () => tail, errorLines: () => errors, stop };
}
