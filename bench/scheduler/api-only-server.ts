import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import type { Resources } from '../lib/resources.js';
import { freePort, REPO_ROOT } from '../api/tug-process.js';
import { sleep } from '../storage/workload.js';

export interface ApiOnlyServer {
  readonly pid: number;
  readonly kubeconfig: string;
  readonly errorLines: () => number;
  readonly logTail: () => string;
  readonly stop: () => Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;

function ready(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/readyz', rejectUnauthorized: false, agent: false, timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => {
        resolve(res.statusCode === 200);
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => {
      resolve(false);
    });
    req.end();
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    resolve();
  }));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * `node bin/tug.js server --disable-controllers` (the API only: no controllers, no
 * scheduler) on a free port with SQLite in `dataDir`; resolves once /readyz is ok.
 */
export async function startApiOnlyServer(dataDir: string, resources: Resources): Promise<ApiOnlyServer> {
  const port = await freePort();
  const args = [join(REPO_ROOT, 'bin', 'tug.js'), 'server', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir, '--disable-controllers', '--disable-agent'];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = resources.add(`tug server pid ${child.pid ?? '?'}`, () => stopChild(child));
  let tail = '';
  let errors = 0;
  const keep = (chunk: Buffer): void => {
    const text = chunk.toString();
    errors += text.split(' ERROR ').length - 1;
    tail = (tail + text).slice(-8192);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const started = Date.now();
  const kubeconfig = join(dataDir, 'kubeconfig.yaml');
  // /readyz answers before the kubeconfig is written.
  while (!(await ready(port)) || !existsSync(kubeconfig)) {
    if (child.exitCode !== null || Date.now() - started > READY_TIMEOUT_MS) {
      await stop();
      throw new Error(`tug server did not become ready:\n${tail}`);
    }
    await sleep(20);
  }
  return { pid: child.pid ?? 0, kubeconfig, errorLines: () => errors, logTail: () => tail, stop };
}
