import { loadRegistriesConfig } from './registries-config.js';
import { RegistryCredentials } from './registry-credentials.js';
import { writeRegistryHosts } from './write-registry-hosts.js';

export interface ApplyRegistriesConfigOptions {
  /** registries.yaml; a missing file means no mirrors and no credentials. */
  readonly configPath: string;
  /** containerd's `config_path` (`ContainerdPaths.registryHostsDir`). */
  readonly hostsDir: string;
}

/**
 * What an agent does at start: reads registries.yaml, renders its hosts.toml files
 * for containerd and returns the credentials to pass to each pull. Throws
 * `RegistriesConfigError` for a malformed file, before touching the hosts dir.
 */
export async function applyRegistriesConfig(options: ApplyRegistriesConfigOptions): Promise<RegistryCredentials> {
  const config = await loadRegistriesConfig(options.configPath);
  await writeRegistryHosts(config, options.hostsDir);
  return new RegistryCredentials(config);
}
