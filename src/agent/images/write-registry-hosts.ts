import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RegistriesConfig } from './registries-config.js';
import { renderRegistryHosts } from './registry-hosts-toml.js';

/**
 * Makes `hostsDir` (containerd's `config_path`, which the agent owns) hold exactly
 * the hosts.toml files for `config`: hosts no longer configured are removed.
 * containerd reads these files on every pull, so no restart is needed.
 */
export async function writeRegistryHosts(config: RegistriesConfig, hostsDir: string): Promise<void> {
  const files = renderRegistryHosts(config);
  await mkdir(hostsDir, { recursive: true });
  const wanted = new Set(files.map((file) => file.host));
  for (const entry of await readdir(hostsDir)) {
    if (!wanted.has(entry)) await rm(join(hostsDir, entry), { recursive: true, force: true });
  }
  for (const file of files) {
    const dir = join(hostsDir, file.host);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'hosts.toml'), file.content);
  }
}
