import { access, constants, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { agentImagePaths } from '../agent/images/agent-image-paths.js';
import { formatImagesTable, humanSize } from '../agent/images/format-images-table.js';
import { importImageArchive } from '../agent/images/import-image-archive.js';
import { CriRuntime } from '../agent/runtime/cri/cri-runtime.js';
import { errorMessage } from '../util/errors.js';

export interface ImagesFlags {
  readonly dataDir: string;
  readonly address?: string;
}

function socketOf(flags: ImagesFlags): string {
  const socket = flags.address ?? agentImagePaths(flags.dataDir).containerdSocket;
  return resolve(socket.replace(/^unix:\/\//, ''));
}

/** A CRI connection to the node's containerd, or a one-line error saying it is not there. */
async function connect(socket: string): Promise<CriRuntime> {
  const notRunning = (why: string): Error => new Error(
    `containerd is not running at ${socket} (${why}); start \`tug server\` or \`tug agent\` with this data dir first, or pass --address`,
  );
  const isSocket = await stat(socket).then((info) => info.isSocket(), () => false);
  if (!isSocket) throw notRunning('no socket there');
  const runtime = new CriRuntime(socket, { callTimeoutMs: 5000 });
  try {
    await runtime.version();
  } catch (error) {
    await runtime.close();
    throw notRunning(errorMessage(error));
  }
  return runtime;
}

/** `tug images import FILE`: prints one line per imported image. */
export async function runImagesImport(file: string, flags: ImagesFlags): Promise<void> {
  const archivePath = resolve(file);
  await access(archivePath, constants.R_OK).catch((error: unknown) => {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : errorMessage(error)}`);
  });
  const socket = socketOf(flags);
  const runtime = await connect(socket);
  try {
    const imported = await importImageArchive({ address: socket, archivePath });
    for (const image of imported) {
      const info = await runtime.imageStatus(image.name);
      const details = info === undefined ? image.digest : `${info.id.replace(/^sha256:/, '').slice(0, 13)}, ${humanSize(info.sizeBytes)}`;
      process.stdout.write(`imported ${image.name} (${details})\n`);
    }
  } finally {
    await runtime.close();
  }
}

/** `tug images ls`. */
export async function runImagesList(flags: ImagesFlags): Promise<void> {
  const runtime = await connect(socketOf(flags));
  try {
    process.stdout.write(formatImagesTable(await runtime.listImages()));
  } finally {
    await runtime.close();
  }
}
