import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rename, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, sep } from 'node:path';

/** One file of a volume's contents. */
export interface FileProjection {
  readonly data: Buffer;
  readonly mode: number;
}

/** Relative path (`key`, `dir/key`) -> contents. */
export type Payload = ReadonlyMap<string, FileProjection>;

const DATA_LINK = '..data';
const NEW_DATA_LINK = '..data_tmp';

/**
 * Writes a volume's files the way the kubelet's AtomicWriter does, so a container
 * never sees a half-written update: the files go into a new timestamped directory
 * (`..2024_05_01_10_00_00.abc123`), the `..data` symlink is switched to it with one
 * rename, and the user-visible names are symlinks through `..data`. The previous
 * timestamped directory is removed afterwards. Writing an unchanged payload changes
 * nothing on disk.
 */
export class AtomicWriter {
  readonly #target: string;
  readonly #now: () => number;

  constructor(targetDir: string, now: () => number = Date.now) {
    this.#target = targetDir;
    this.#now = now;
  }

  /** Returns whether anything changed. Throws for payload paths that escape the volume. */
  async write(payload: Payload): Promise<boolean> {
    for (const path of payload.keys()) checkPayloadPath(path);
    await mkdir(this.#target, { recursive: true, mode: 0o755 });
    const previous = await readlink(join(this.#target, DATA_LINK)).catch(() => undefined);
    const unchanged = previous !== undefined && (await sameContents(join(this.#target, previous), payload));
    if (!unchanged) {
      const stamp = new Date(this.#now()).toISOString().replace(/[-T:]/g, '_').replace(/\.\d+Z$/, '.');
      const fresh = await mkdtemp(join(this.#target, `..${stamp}`));
      await chmod(fresh, 0o755);
      for (const [path, file] of payload) {
        const full = join(fresh, path);
        await mkdir(dirname(full), { recursive: true, mode: 0o755 });
        await writeFile(full, file.data);
        await chmod(full, file.mode);
      }
      const staged = join(this.#target, NEW_DATA_LINK);
      await rm(staged, { force: true });
      await symlink(basename(fresh), staged);
      await rename(staged, join(this.#target, DATA_LINK));
    }
    const visible = new Set([...payload.keys()].map((path) => path.split('/')[0] ?? path));
    await this.#linkVisible(visible);
    if (!unchanged && previous !== undefined) await rm(join(this.#target, previous), { recursive: true, force: true });
    return !unchanged;
  }

  async #linkVisible(visible: ReadonlySet<string>): Promise<void> {
    for (const name of visible) {
      const link = join(this.#target, name);
      const existing = await lstat(link).catch(() => undefined);
      if (existing?.isSymbolicLink() === true && (await readlink(link)) === join(DATA_LINK, name)) continue;
      if (existing !== undefined) await rm(link, { recursive: true, force: true });
      await symlink(join(DATA_LINK, name), link);
    }
    for (const entry of await readdir(this.#target)) {
      if (entry.startsWith('..') || visible.has(entry)) continue;
      const path = join(this.#target, entry);
      if ((await lstat(path)).isSymbolicLink()) await unlink(path);
    }
  }
}

/** Upstream's validatePath: relative, no `..` element, not starting with `..`, within length limits. */
function checkPayloadPath(path: string): void {
  if (path === '') throw new Error('invalid path: must not be empty');
  if (path.length > 4096) throw new Error(`invalid path: must be less than or equal to 4096 characters`);
  if (isAbsolute(path)) throw new Error(`invalid path: must be relative path: ${path}`);
  if (path.split(sep).includes('..')) throw new Error(`invalid path: must not contain '..': ${path}`);
  if (path.startsWith('..')) throw new Error(`invalid path: must not start with '..': ${path}`);
}

async function sameContents(directory: string, payload: Payload): Promise<boolean> {
  const found = await listFiles(directory).catch(() => undefined);
  if (found?.length !== payload.size) return false;
  for (const path of found) {
    const wanted = payload.get(path);
    if (wanted === undefined) return false;
    const full = join(directory, path);
    const info = await stat(full);
    if ((info.mode & 0o7777) !== wanted.mode || !(await readFile(full)).equals(wanted.data)) return false;
  }
  return true;
}

async function listFiles(directory: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await listFiles(join(directory, entry.name), relative)));
    else files.push(relative);
  }
  return files;
}
