import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { tarArchive, type TarEntry } from './tar-writer.js';

export interface ImageArchiveSpec {
  /** The full reference the image gets when imported, e.g. `tugboat.local/pause:1`. */
  readonly reference: string;
  /** The one layer's content, paths relative to the root (`bin/busybox`). */
  readonly files: readonly TarEntry[];
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[];
  readonly env?: readonly string[];
  readonly workingDir?: string;
}

interface Blob {
  readonly digest: string;
  readonly size: number;
  readonly content: Buffer;
}

function blob(content: Buffer): Blob {
  return { digest: `sha256:${createHash('sha256').update(content).digest('hex')}`, size: content.length, content };
}

function ociArchitecture(): string {
  switch (process.arch) {
    case 'x64':
      return 'amd64';
    case 'ia32':
      return '386';
    default:
      return process.arch;
  }
}

/**
 * Builds a one-layer image as an OCI image layout in a tar archive, the format
 * `ctr images import` (and `tug images import`) reads. The image is named by the
 * `io.containerd.image.name` annotation on the index. Everything is deterministic,
 * so rebuilding gives the same digests and re-importing changes nothing.
 */
export function ociImageArchive(spec: ImageArchiveSpec): Buffer {
  const layerTar = tarArchive(spec.files);
  const layer = blob(gzipSync(layerTar, { level: 6 }));
  const diffId = blob(layerTar).digest;
  const config = blob(Buffer.from(JSON.stringify({
    architecture: ociArchitecture(),
    os: 'linux',
    config: {
      ...(spec.entrypoint === undefined ? {} : { Entrypoint: spec.entrypoint }),
      ...(spec.cmd === undefined ? {} : { Cmd: spec.cmd }),
      Env: spec.env ?? ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      ...(spec.workingDir === undefined ? {} : { WorkingDir: spec.workingDir }),
    },
    rootfs: { type: 'layers', diff_ids: [diffId] },
    history: [{ created_by: 'tugboat', comment: spec.reference }],
  })));
  const manifest = blob(Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config.digest, size: config.size },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layer.digest, size: layer.size }],
  })));
  const tag = spec.reference.slice(spec.reference.lastIndexOf(':') + 1);
  const index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: manifest.digest,
      size: manifest.size,
      platform: { architecture: ociArchitecture(), os: 'linux' },
      annotations: { 'io.containerd.image.name': spec.reference, 'org.opencontainers.image.ref.name': tag },
    }],
  };
  const blobEntry = (item: Blob): TarEntry => ({
    type: 'file',
    path: `blobs/sha256/${item.digest.slice('sha256:'.length)}`,
    mode: 0o644,
    content: item.content,
  });
  return tarArchive([
    { type: 'file', path: 'oci-layout', mode: 0o644, content: Buffer.from('{"imageLayoutVersion":"1.0.0"}') },
    { type: 'file', path: 'index.json', mode: 0o644, content: Buffer.from(JSON.stringify(index)) },
    { type: 'directory', path: 'blobs', mode: 0o755 },
    { type: 'directory', path: 'blobs/sha256', mode: 0o755 },
    blobEntry(layer),
    blobEntry(config),
    blobEntry(manifest),
  ]);
}
