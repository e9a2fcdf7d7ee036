import { mkdir, open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';

/**
 * Checks (and for the OrCreate types makes) a hostPath volume's path as the kubelet's
 * hostPath plugin does, with its error messages. An empty type checks nothing.
 */
export async function checkHostPathType(path: string, type: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  const fail = (what: string) => new Error(`hostPath type check failed: ${path} is not ${what}`);
  switch (type) {
    case '':
      return;
    case 'DirectoryOrCreate':
      if (info === undefined) {
        await mkdir(path, { recursive: true, mode: 0o755 });
        return;
      }
      if (!info.isDirectory()) throw fail('a directory');
      return;
    case 'Directory':
      if (info?.isDirectory() !== true) throw fail('a directory');
      return;
    case 'FileOrCreate':
      if (info === undefined) {
        // Like upstream, the parent directory must already exist.
        await (await open(path, 'a', 0o644)).close();
        return;
      }
      if (!info.isFile()) throw fail('a file');
      return;
    case 'File':
      if (info?.isFile() !== true) throw fail('a file');
      return;
    case 'Socket':
      if (!is(info, (found) => found.isSocket())) throw fail('a socket file');
      return;
    case 'CharDevice':
      if (!is(info, (found) => found.isCharacterDevice())) throw fail('a character device');
      return;
    case 'BlockDevice':
      if (!is(info, (found) => found.isBlockDevice())) throw fail('a block device');
      return;
    default:
      throw new Error(`${type} is an invalid volume type`);
  }
}

function is(info: Stats | undefined, test: (info: Stats) => boolean): boolean {
  return info !== undefined && test(info);
}
