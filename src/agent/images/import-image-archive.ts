import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { TugError } from '../../util/errors.js';

const execFileAsync = promisify(execFile);

/** An archive containerd could not import (not an image archive, unreadable, no named image). */
export class ImageImportError extends TugError {
  readonly code = 'ImageImportFailed';
}

export interface ImportedImage {
  /** The name containerd gave the image, e.g. `docker.io/library/nginx:1.27`. */
  readonly name: string;
  /** The digest of the imported manifest (or index). */
  readonly digest: string;
}

export interface ImportImageArchiveOptions {
  /** containerd's gRPC socket. */
  readonly address: string;
  /** An OCI image layout or `docker save` tar archive. */
  readonly archivePath: string;
  readonly ctrPath?: string;
}

const unpackedLine = /^unpacking (\S+) \((sha256:[0-9a-f]{64})\)\.\.\.done$/;

/**
 * Imports every named image of an archive into containerd's `k8s.io` namespace
 * (the one CRI serves) with containerd's `ctr`, and reports what it imported, read
 * from ctr's `unpacking NAME (DIGEST)...done` lines.
 */
export async function importImageArchive(options: ImportImageArchiveOptions): Promise<ImportedImage[]> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(options.ctrPath ?? 'ctr', [
      '--address', options.address, '--namespace', 'k8s.io', 'images', 'import', options.archivePath,
    ], { timeout: 300_000, maxBuffer: 16 * 1024 * 1024 }));
  } catch (error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    const detail = typeof stderr === 'string' && stderr.trim() !== '' ? stderr.trim().split('\n').at(-1) ?? '' : String(error);
    throw new ImageImportError(`importing ${options.archivePath} failed: ${detail.replace(/^ctr: /, '')}`, { cause: error });
  }
  const images = stdout.split('\n').flatMap((line) => {
    const match = unpackedLine.exec(line.trim());
    return match?.[1] === undefined || match[2] === undefined ? [] : [{ name: match[1], digest: match[2] }];
  });
  if (images.length === 0) {
    throw new ImageImportError(`${options.archivePath} holds no named image (an OCI archive needs the io.containerd.image.name annotation or a full reference as its ref name)`);
  }
  return images;
}
