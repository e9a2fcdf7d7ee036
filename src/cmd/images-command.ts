import { join } from 'node:path';
import { Command } from 'commander';
import { runAction } from '../cli/run-action.js';
import { DEFAULT_DATA_DIR } from './defaults.js';
import type { ImagesFlags } from './run-images.js';

function withTarget(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'the node\'s data dir; its containerd listens under it', DEFAULT_DATA_DIR)
    .option('--address <socket>', `containerd's socket (default: ${join('DATA_DIR', 'agent', 'containerd', 'containerd.sock')})`);
}

/** `tug images`: the images of this node's containerd, for machines without a registry. */
export function imagesCommand(): Command {
  const images = new Command('images')
    .description('import and list the images of this node\'s containerd (for air-gapped machines)');
  images.addCommand(
    withTarget(new Command('import'))
      .description('load the images of an OCI or docker image archive (FILE.tar) into containerd\'s k8s.io namespace, where pods find them')
      .argument('<file>', 'an image archive, e.g. from `docker save`, `skopeo copy ... oci-archive:FILE.tar` or `ctr images export`')
      .action(
        runAction(async (file: string, flags: ImagesFlags) => {
          // Loaded on demand so that `tug --help` and other commands start fast.
          const { runImagesImport } = await import('./run-images.js');
          await runImagesImport(file, flags);
        }),
      ),
  );
  images.addCommand(
    withTarget(new Command('ls'))
      .alias('list')
      .description('list the images pods on this node can use: REPOSITORY TAG IMAGE ID SIZE')
      .action(
        runAction(async (flags: ImagesFlags) => {
          const { runImagesList } = await import('./run-images.js');
          await runImagesList(flags);
        }),
      ),
  );
  return images;
}
