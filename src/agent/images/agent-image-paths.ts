import { join } from 'node:path';
import { containerdPaths } from '../runtime/containerd/containerd-config.js';

export interface AgentImagePaths {
  /** The data dir of the agent's own containerd (`ContainerdSupervisor`'s dataDir). */
  readonly containerdDir: string;
  /** That containerd's gRPC socket, which `tug images` talks to. */
  readonly containerdSocket: string;
  /** k3s-style registry mirrors and credentials; optional. */
  readonly registriesConfig: string;
  /** containerd's `config_path`, rendered from registriesConfig. */
  readonly registryHostsDir: string;
}

/** Where images and registries live under a node's data dir, as in k3s' `agent/containerd`. */
export function agentImagePaths(dataDir: string): AgentImagePaths {
  const containerdDir = join(dataDir, 'agent', 'containerd');
  const paths = containerdPaths(containerdDir);
  return {
    containerdDir,
    containerdSocket: paths.socket,
    registriesConfig: join(dataDir, 'registries.yaml'),
    registryHostsDir: paths.registryHostsDir,
  };
}
