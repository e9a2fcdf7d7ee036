import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Mounts a tmpfs at `path` (an existing directory), world-writable like an emptyDir, optionally size-limited. */
export async function mountTmpfs(path: string, sizeBytes?: bigint): Promise<void> {
  const options = ['mode=0777', ...(sizeBytes === undefined ? [] : [`size=${sizeBytes.toString()}`])];
  await run('mount', ['-t', 'tmpfs', '-o', options.join(','), 'tmpfs', path]);
}

/** The mount points at `path` or below it, deepest first. */
export async function mountPointsUnder(path: string): Promise<string[]> {
  const table = await readFile('/proc/self/mountinfo', 'utf8');
  const prefix = path.endsWith('/') ? path : `${path}/`;
  return table
    .split('\n')
    .map((line) => unescapeMountPath(line.split(' ')[4] ?? ''))
    .filter((point) => point === path || point.startsWith(prefix))
    .sort((a, b) => b.length - a.length);
}

/** Unmounts everything mounted at `path` or below it. */
export async function unmountUnder(path: string): Promise<void> {
  for (const point of await mountPointsUnder(path)) await run('umount', [point]);
}

/** mountinfo escapes space, tab, newline and backslash as octal (`\040`). */
function unescapeMountPath(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}
