import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { ociImageArchive } from './oci-image-archive.js';
import { DEFAULT_BUSYBOX_PATH } from './pause-image.js';
import type { TarEntry } from './tar-writer.js';

const execFileAsync = promisify(execFile);

/**
 * A small general-purpose image: the static busybox with a link in /bin for each of
 * its applets (sh, echo, sleep, wget, ...), /tmp, and a root user. Tests and
 * air-gapped nodes run it without any registry.
 */
export async function busyboxImageArchive(reference: string, busyboxPath = DEFAULT_BUSYBOX_PATH): Promise<Buffer> {
  const { stdout } = await execFileAsync(busyboxPath, ['--list']);
  const applets = stdout.split('\n').filter((applet) => applet !== '' && applet !== 'busybox');
  const directory = (path: string, mode = 0o755): TarEntry => ({ type: 'directory', path, mode });
  const files: TarEntry[] = [
    directory('bin'),
    { type: 'file', path: 'bin/busybox', mode: 0o755, content: await readFile(busyboxPath) },
    ...applets.map((applet): TarEntry => ({ type: 'symlink', path: `bin/${applet}`, target: 'busybox' })),
    directory('etc'),
    { type: 'file', path: 'etc/passwd', mode: 0o644, content: Buffer.from('root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n') },
    { type: 'file', path: 'etc/group', mode: 0o644, content: Buffer.from('root:x:0:\nnobody:x:65534:\n') },
    directory('root', 0o700),
    directory('tmp', 0o1777),
  ];
  return ociImageArchive({ reference, files, cmd: ['sh'] });
}
