import { readFile } from 'node:fs/promises';
import { ociImageArchive } from './oci-image-archive.js';
import type { TarEntry } from './tar-writer.js';

/** The sandbox image every pod's sandbox runs; imported locally, never pulled. */
export const PAUSE_IMAGE = 'tugboat.local/pause:1';

/** The static busybox of Debian's `busybox-static` package. */
export const DEFAULT_BUSYBOX_PATH = '/bin/busybox';

/**
 * Our pause image: the static busybox binary alone, running `sleep infinity` as PID
 * 1. A sandbox only has to hold its namespaces open, and CRI kills it with SIGKILL,
 * so it need not handle signals. Unlike upstream's pause it does not reap zombies,
 * which matters only for pods sharing one PID namespace. It builds from a package
 * already on the node, with no compiler and no network.
 */
export async function pauseImageArchive(busyboxPath = DEFAULT_BUSYBOX_PATH): Promise<Buffer> {
  const files: TarEntry[] = [
    { type: 'directory', path: 'bin', mode: 0o755 },
    { type: 'file', path: 'bin/busybox', mode: 0o755, content: await readFile(busyboxPath) },
  ];
  return ociImageArchive({ reference: PAUSE_IMAGE, files, entrypoint: ['/bin/busybox', 'sleep', 'infinity'] });
}
