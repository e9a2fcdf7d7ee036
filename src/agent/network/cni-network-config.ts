export interface CniNetworkOptions {
  /** The Linux bridge the pods attach to, e.g. `tug0`. */
  readonly bridgeName: string;
  /** This node's pod CIDR, e.g. `10.42.0.0/24`. */
  readonly podCidr: string;
  /** Where host-local keeps its IP allocations (under the agent's data dir, so nothing leaks outside it). */
  readonly ipamDataDir: string;
  /** Masquerade pod traffic leaving the cluster CIDR. */
  readonly ipMasq: boolean;
}

export const CNI_NETWORK_NAME = 'tugboat';

/**
 * The CNI network list containerd's CRI plugin runs for every sandbox: a bridge with
 * the gateway on it and host-local IPAM over the node's pod CIDR, portmap for
 * hostPorts, and (implied by the CRI plugin) loopback.
 */
export function cniNetworkConfig(options: CniNetworkOptions): object {
  return {
    cniVersion: '1.0.0',
    name: CNI_NETWORK_NAME,
    plugins: [
      {
        type: 'bridge',
        bridge: options.bridgeName,
        isGateway: true,
        isDefaultGateway: true,
        ipMasq: options.ipMasq,
        hairpinMode: true,
        ipam: {
          type: 'host-local',
          ranges: [[{ subnet: options.podCidr }]],
          dataDir: options.ipamDataDir,
        },
      },
      { type: 'portmap', capabilities: { portMappings: true }, snat: true },
    ],
  };
}
