import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { busyboxImageArchive } from '../containerd/busybox-image.js';
import { ContainerdSupervisor } from '../containerd/containerd-supervisor.js';
import { importImageArchive } from '../containerd/image-importer.js';
import { reclaimContainerdLeftovers } from '../containerd/reclaim-containerd-leftovers.js';
import { containerRuntimeConformance } from '../conformance/container-runtime-conformance.js';
import { CriRuntime } from './cri-runtime.js';

const image = 'tugboat.local/busybox:conformance';

// Real containerd (Debian package) started by our supervisor in a temporary data
// dir. The suite fails, never skips, when containerd is missing: CI installs it.
containerRuntimeConformance('CriRuntime on containerd', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'tug-cri-'));
  const supervisor = new ContainerdSupervisor({ dataDir });
  const cleanUp = async (): Promise<void> => {
    await supervisor.stop();
    await reclaimContainerdLeftovers(dataDir);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await supervisor.start();
    const archivePath = join(dataDir, 'busybox.tar');
    await writeFile(archivePath, await busyboxImageArchive(image));
    await importImageArchive({ address: supervisor.paths.socket, archivePath });
    return {
      runtime: new CriRuntime(supervisor.endpoint),
      image,
      scratchDir: dataDir,
      // Pod networking (CNI) is the network layer's part; these sandboxes use the node's.
      sandboxDefaults: { network: 'node' },
      cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
});
