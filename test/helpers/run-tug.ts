import { type ProcessResult, runProcess } from './run-process.js';

export type TugResult = ProcessResult;

const entry = new URL('../../src/cmd/tug.ts', import.meta.url).pathname;

/** Runs the `tug` command from source with `args` and collects what it prints. */
export function runTug(args: readonly string[], options: { timeoutMs?: number } = {}): Promise<TugResult> {
  return runProcess(process.execPath, ['--import', 'tsx', entry, ...args], { timeoutMs: options.timeoutMs ?? 30_000 });
}
