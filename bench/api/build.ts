import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from './tug-process.js';

/**
 * Runs `npm run build` once, so the server measured is the current source, compiled
 * as `tug` ships. tsc emits even when it reports type errors (in code others are
 * still writing, say): then the benchmark goes on with what was emitted and says so
 * in a note. It fails only if there is no dist/cmd/tug.js to run.
 */
export async function buildDist(log: (message: string) => void): Promise<string> {
  log('api: npm run build');
  const started = performance.now();
  const child = spawn('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-8192);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode, signal) => {
      resolve(exitCode ?? (signal === null ? 1 : 128));
    });
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const source = await sourceState();
  if (!existsSync(join(REPO_ROOT, 'dist', 'cmd', 'tug.js'))) {
    throw new Error(`npm run build exited ${code} and left no dist/cmd/tug.js:\n${output}`);
  }
  if (code === 0) return `server: dist/ built from ${source} with npm run build (${seconds} s), run as node bin/tug.js`;
  const firstError = output.split('\n').find((line) => /error TS\d+/.test(line)) ?? output.trim().split('\n').at(-1) ?? '';
  log(`api: npm run build exited ${code}; measuring the dist/ it emitted anyway`);
  return `server: npm run build of ${source} exited ${code} (${firstError.trim()}); measured the dist/ tsc emitted anyway`;
}

/** Runs a read-only git command (no optional index refresh); undefined if git fails. */
function git(args: readonly string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['--no-optional-locks', ...args], { cwd: REPO_ROOT }, (error, stdout) => {
      resolve(error === null ? stdout.trim() : undefined);
    });
  });
}

/** Which source was measured: the commit, and how many paths under src/ differ from it. */
async function sourceState(): Promise<string> {
  const commit = await git(['rev-parse', '--short', 'HEAD']);
  if (commit === undefined) return 'the working tree (not a git checkout)';
  const changed = (await git(['status', '--porcelain', '--', 'src']))?.split('\n').filter((line) => line !== '').length;
  return changed === undefined || changed === 0 ? `commit ${commit}` : `commit ${commit} + ${changed} changed paths under src/`;
}
