import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface ImportImageOptions {
  /** containerd's gRPC socket. */
  readonly address: string;
  /** An OCI layout or docker-save tar archive. */
  readonly archivePath: string;
  /** The CRI plugin sees only images in `k8s.io`. */
  readonly namespace?: string;
  /** `ctr` from the containerd package. */
  readonly ctrPath?: string;
}

/**
 * Imports (and unpacks for the default snapshotter) an image archive into
 * containerd with its own `ctr` tool: it ships with the containerd package and
 * speaks containerd's content, image and snapshot APIs, which CRI does not offer.
 */
export async function importImageArchive(options: ImportImageOptions): Promise<void> {
  await execFileAsync(options.ctrPath ?? 'ctr', [
    '--address', options.address,
    '--namespace', options.namespace ?? 'k8s.io',
    'images', 'import', options.archivePath,
  ], { timeout: 120_000 });
}
