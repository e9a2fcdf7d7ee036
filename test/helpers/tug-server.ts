import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface RunningServer {
  readonly url: string;
  readonly dataDir: string;
  readonly kubeconfig: string;
  readonly pid: number;
  /** Stops the server (SIGTERM, then SIGKILL) and removes its data dir unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

const entry = new URL('../../src/cmd/tug.ts', import.meta.url).pathname;

/**
 * Starts `tug server` from source on 127.0.0.1 with a free port and a fresh data dir
 * (or `dataDir`), and resolves once it prints where it listens. API tests get the API
 * alone; `controllers: true` also runs the controllers and the scheduler, `agent: true`
 * the agent that runs containers (root, containerd).
 */
export async function startTugServer(
  options: { datastore?: string; dataDir?: string; extraArgs?: string[]; controllers?: boolean; agent?: boolean } = {},
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'tug-server-')));
  const args = ['--import', 'tsx', entry, 'server', '--listen', '127.0.0.1:0', '--data-dir', dataDir];
  if (options.datastore !== undefined) args.push('--datastore', options.datastore);
  if (options.controllers !== true) args.push('--disable-controllers');
  if (options.agent !== true) args.push('--disable-agent');
  args.push(...(options.extraArgs ?? []));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`tug server did not start within 30 s:\n${log}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tug server exited with ${code}:\n${log}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /listening on (https:\/\/\S+)/.exec(line);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  return {
    url,
    dataDir,
    kubeconfig: join(dataDir, 'kubeconfig.yaml'),
    pid: child.pid ?? 0,
    stop: async ({ keepData = false } = {}) => {
      await stopChild(child);
      if (!keepData && options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the child has exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    resolve();
  }));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
