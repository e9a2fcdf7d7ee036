import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CNI_NETWORK_NAME, cniNetworkConfig } from './cni-network-config.js';

export interface PodNetworkOptions {
  /** containerd's CNI conf dir (`<containerd data dir>/cni/net.d`). */
  readonly cniConfDir: string;
  readonly ipamDataDir: string;
  readonly bridgeName: string;
  readonly ipMasq?: boolean;
}

/**
 * The node's pod network, as far as the agent owns it: the CNI config that
 * containerd's CRI plugin applies to every sandbox it runs. containerd watches the
 * conf dir, so writing the file once the node has a pod CIDR turns NetworkReady on.
 */
export class PodNetwork {
  readonly #options: PodNetworkOptions;
  #podCidr: string | undefined;

  constructor(options: PodNetworkOptions) {
    this.#options = options;
  }

  get podCidr(): string | undefined {
    return this.#podCidr;
  }

  get bridgeName(): string {
    return this.#options.bridgeName;
  }

  /** Writes (atomically) the network config for `podCidr`; a no-op when it is already in place. */
  async configure(podCidr: string): Promise<void> {
    if (this.#podCidr === podCidr) return;
    const { cniConfDir, ipamDataDir, bridgeName } = this.#options;
    await mkdir(cniConfDir, { recursive: true });
    await mkdir(ipamDataDir, { recursive: true });
    const config = cniNetworkConfig({ bridgeName, podCidr, ipamDataDir, ipMasq: this.#options.ipMasq ?? true });
    const path = join(cniConfDir, `10-${CNI_NETWORK_NAME}.conflist`);
    const temporary = join(cniConfDir, `.10-${CNI_NETWORK_NAME}.conflist.tmp`);
    await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`);
    await rename(temporary, path);
    for (const name of await readdir(cniConfDir)) {
      if (name !== `10-${CNI_NETWORK_NAME}.conflist` && !name.startsWith('.')) await rm(join(cniConfDir, name), { force: true });
    }
    this.#podCidr = podCidr;
  }
}
