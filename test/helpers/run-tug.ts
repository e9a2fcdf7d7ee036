import { spawn } from 'node:child_process';

export interface TugResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const entry = new URL('../../src/cmd/tug.ts', import.meta.url).pathname;

/** Runs the `tug` command from source with `args` and collects what it prints. */
export function runTug(args: readonly string[], options: { timeoutMs?: number } = {}): Promise<TugResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 30_000,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}
