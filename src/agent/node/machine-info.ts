import { createHash } from 'node:crypto';
import { readFile, statfs } from 'node:fs/promises';
import { arch, cpus, hostname, networkInterfaces, release, totalmem } from 'node:os';

/** What a kubelet reads about its machine for node.status. */
export interface MachineInfo {
  readonly cpuCores: number;
  readonly memoryBytes: number;
  readonly ephemeralStorageBytes: number;
  readonly kernelVersion: string;
  readonly osImage: string;
  readonly architecture: string;
  readonly machineId: string;
  readonly systemUuid: string;
  readonly bootId: string;
  readonly hostname: string;
}

const goArchitectures: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' };

export async function readMachineInfo(dataDir: string): Promise<MachineInfo> {
  const filesystem = await statfs(dataDir);
  const bootId = (await readOptional('/proc/sys/kernel/random/boot_id')) ?? createHash('sha256').update(String(Date.now())).digest('hex').slice(0, 32);
  const machineId = (await readOptional('/etc/machine-id')) ?? (await readOptional('/var/lib/dbus/machine-id')) ?? createHash('sha256').update(hostname()).digest('hex').slice(0, 32);
  const productUuid = await readOptional('/sys/class/dmi/id/product_uuid');
  return {
    cpuCores: cpus().length,
    memoryBytes: totalmem(),
    ephemeralStorageBytes: filesystem.blocks * filesystem.bsize,
    kernelVersion: release(),
    osImage: osImage(await readOptional('/etc/os-release')),
    architecture: goArchitectures[arch()] ?? arch(),
    machineId,
    systemUuid: productUuid ?? `${machineId.slice(0, 8)}-${machineId.slice(8, 12)}-${machineId.slice(12, 16)}-${machineId.slice(16, 20)}-${machineId.slice(20, 32)}`,
    bootId,
    hostname: hostname(),
  };
}

/** The node's InternalIP when none is given: the first non-loopback IPv4 address. */
export function defaultNodeIp(): string | undefined {
  return Object.values(networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .find((address) => address.family === 'IPv4' && !address.internal)?.address;
}

function osImage(osRelease: string | undefined): string {
  const pretty = osRelease?.split('\n').find((line) => line.startsWith('PRETTY_NAME='));
  return pretty === undefined ? 'Linux' : pretty.slice('PRETTY_NAME='.length).replace(/^"|"$/g, '');
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    const text = (await readFile(path, 'utf8')).trim();
    return text === '' ? undefined : text;
  } catch {
    return undefined;
  }
}
