import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { containerdPaths } from './containerd-config.js';

const execFileAsync = promisify(execFile);

/**
 * Removes what a stopped containerd of `dataDir` can leave behind when its
 * sandboxes were not removed through CRI: its runc shims and every process under
 * them (killed by PID), then mounts under `dataDir` (rootfs overlays, /dev/shm).
 * For tests and for wiping a node; an agent restart must not call it, since
 * running pods are meant to survive.
 */
export async function reclaimContainerdLeftovers(dataDir: string): Promise<void> {
  const socket = containerdPaths(dataDir).socket;
  const processes = await listProcesses();
  const shims = processes.filter((entry) => entry.cmdline.includes('containerd-shim') && entry.cmdline.includes(socket));
  for (const shim of shims) {
    for (const pid of [...descendants(shim.pid, processes), shim.pid]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  await unmountUnder(dataDir);
}

interface ProcessEntry {
  readonly pid: number;
  readonly parent: number;
  readonly cmdline: string;
}

async function listProcesses(): Promise<ProcessEntry[]> {
  const entries: ProcessEntry[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = (await readFile(`/proc/${name}/cmdline`, 'utf8')).replaceAll('\0', ' ');
      entries.push({ pid: Number(name), parent, cmdline });
    } catch {
      // exited while we looked
    }
  }
  return entries;
}

function descendants(pid: number, processes: readonly ProcessEntry[]): number[] {
  const children = processes.filter((entry) => entry.parent === pid).map((entry) => entry.pid);
  return children.flatMap((child) => [...descendants(child, processes), child]);
}

async function unmountUnder(dir: string): Promise<void> {
  const mountInfo = await readFile('/proc/self/mountinfo', 'utf8');
  const mountPoints = mountInfo
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((point): point is string => point !== undefined && (point === dir || point.startsWith(`${dir}/`)))
    .map((point) => point.replace(/\\(\d{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8))))
    .sort((a, b) => b.length - a.length);
  for (const point of mountPoints) {
    await execFileAsync('umount', ['-l', point]).catch(() => undefined);
  }
}
