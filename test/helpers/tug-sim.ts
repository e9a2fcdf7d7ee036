import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { stopChild } from './tug-server.js';

export interface RunningSim {
  readonly pid: number;
  /** SIGTERM, resolving when the process has exited (SIGKILL after 5 s). */
  stop(): Promise<void>;
}

const entry = new URL('../../src/cmd/tug.ts', import.meta.url).pathname;

/** Runs `tug sim` from source against a cluster until stopped; resolves once its nodes are registered. */
export async function startTugSim(kubeconfig: string, args: readonly string[]): Promise<RunningSim> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, 'sim', '--kubeconfig', kubeconfig, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`tug sim did not start within 30 s:\n${log}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tug sim exited with ${code}:\n${log}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.includes('simulated nodes running')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.removeAllListeners('exit');
  return { pid: child.pid ?? 0, stop: async () => stopChild(child) };
}
