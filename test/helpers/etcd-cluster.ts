import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Etcd3 } from 'etcd3';

export interface EtcdMember {
  readonly name: string;
  readonly pid: number;
  /** `127.0.0.1:port` of the member's client (gRPC) listener. */
  readonly clientEndpoint: string;
  /** Kills this member's process (SIGKILL, as a crash would) and waits until it has exited. */
  kill(): Promise<void>;
}

export interface EtcdCluster {
  /** The client endpoints of every member, `127.0.0.1:port`. */
  readonly endpoints: string[];
  readonly members: EtcdMember[];
  /** Kills every member by its pid and removes the data directory. */
  stop(): Promise<void>;
}

export interface EtcdClusterOptions {
  readonly members: number;
  /** Where to create the cluster's temporary data directory (default: the OS temp dir). */
  readonly dir?: string;
}

const ETCD_BIN = process.env.TUG_TEST_ETCD_BIN ?? 'etcd';
const HEALTHY_WITHIN_MS = 30_000;
const START_ATTEMPTS = 3;

/** Pids of etcd processes started here and not yet seen to exit; killed if this process exits first. */
const running = new Set<number>();
/** Data directories of clusters not yet stopped; removed if this process exits first. */
const dataDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of running) signal(pid, 'SIGKILL');
    for (const dir of dataDirs) {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // best effort while exiting
      }
    }
  });
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/**
 * Starts a static etcd cluster of `members` real processes on 127.0.0.1, each with
 * free client and peer ports and its own data directory under one temporary
 * directory, and resolves once every member reports healthy.
 */
export async function startEtcdCluster(options: EtcdClusterOptions): Promise<EtcdCluster> {
  if (!Number.isInteger(options.members) || options.members < 1) {
    throw new RangeError(`an etcd cluster needs at least one member, not ${options.members}`);
  }
  let lastError: unknown;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      lastError = error;
      // A port handed out as free may have been taken before etcd bound it: try new ports.
      if (!(error instanceof PortTakenError)) throw error;
    }
  }
  throw lastError;
}

class PortTakenError extends Error {}

interface RunningMember extends EtcdMember {
  readonly exited: Promise<void>;
  readonly hasExited: () => boolean;
  readonly logFile: string;
}

async function startOnce(options: EtcdClusterOptions): Promise<EtcdCluster> {
  installExitHook();
  const dataDir = await mkdtemp(join(options.dir ?? tmpdir(), 'tug-etcd-'));
  dataDirs.add(dataDir);
  const ports = await freePorts(options.members * 2);
  const specs = Array.from({ length: options.members }, (_, i) => ({
    name: `m${i}`,
    clientPort: ports[2 * i] ?? 0,
    peerPort: ports[2 * i + 1] ?? 0,
  }));
  const initialCluster = specs.map((s) => `${s.name}=http://127.0.0.1:${s.peerPort}`).join(',');
  const token = `tug-${randomUUID()}`;
  const members: RunningMember[] = [];
  const stop = async (): Promise<void> => {
    // SIGKILL: a graceful stop can wait seconds for a leadership transfer, and the data goes anyway.
    await Promise.all(members.map((member) => member.kill()));
    await rm(dataDir, { recursive: true, force: true });
    dataDirs.delete(dataDir);
  };
  try {
    for (const spec of specs) members.push(startMember({ ...spec, dataDir, initialCluster, token }));
    await Promise.all(members.map((member) => waitHealthy(member)));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    endpoints: members.map((member) => member.clientEndpoint),
    members: members.map((m) => ({ name: m.name, pid: m.pid, clientEndpoint: m.clientEndpoint, kill: () => m.kill() })),
    stop,
  };
}

function startMember(spec: {
  name: string;
  clientPort: number;
  peerPort: number;
  dataDir: string;
  initialCluster: string;
  token: string;
}): RunningMember {
  const clientUrl = `http://127.0.0.1:${spec.clientPort}`;
  const peerUrl = `http://127.0.0.1:${spec.peerPort}`;
  const logFile = join(spec.dataDir, `${spec.name}.log`);
  const log = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(
      ETCD_BIN,
      [
        `--name=${spec.name}`,
        `--data-dir=${join(spec.dataDir, spec.name)}`,
        `--listen-client-urls=${clientUrl}`,
        `--advertise-client-urls=${clientUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=${spec.initialCluster}`,
        '--initial-cluster-state=new',
        `--initial-cluster-token=${spec.token}`,
        '--logger=zap',
        '--log-outputs=stderr',
        // Room for a value of the full MAX_VALUE_BYTES plus key and framing.
        '--max-request-bytes=2097152',
      ],
      { stdio: ['ignore', log, log], env: withoutEtcdVariables(process.env) },
    );
  } finally {
    closeSync(log);
  }
  const pid = child.pid;
  if (pid === undefined) {
    child.once('error', () => undefined); // reported by the throw below
    throw new Error(`could not start ${ETCD_BIN} for etcd member ${spec.name}; is etcd installed?`);
  }
  running.add(pid);
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      running.delete(pid);
      resolve();
    });
    child.once('error', () => {
      exited = true;
      running.delete(pid);
      resolve();
    });
  });
  return {
    name: spec.name,
    pid,
    clientEndpoint: `127.0.0.1:${spec.clientPort}`,
    logFile,
    exited: exitedPromise,
    hasExited: () => exited,
    kill: async () => {
      if (!exited) signal(pid, 'SIGKILL');
      await exitedPromise;
    },
  };
}

async function waitHealthy(member: RunningMember): Promise<void> {
  const deadline = Date.now() + HEALTHY_WITHIN_MS;
  for (;;) {
    if (member.hasExited()) {
      const log = tail(member.logFile);
      if (log.includes('address already in use')) {
        throw new PortTakenError(`etcd member ${member.name} found its port taken`);
      }
      throw new Error(`etcd member ${member.name} exited during startup: ${log}`);
    }
    if (await isHealthy(member.clientEndpoint)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `etcd member ${member.name} at ${member.clientEndpoint} not healthy within ${HEALTHY_WITHIN_MS} ms: ${tail(member.logFile)}`,
      );
    }
    await sleep(100);
  }
}

async function isHealthy(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`http://${endpoint}/health`, { signal: AbortSignal.timeout(2_000) });
    const body = (await response.json()) as { health?: unknown };
    return response.ok && body.health === 'true';
  } catch {
    return false;
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-5).join(' | ');
  } catch {
    return '(no log)';
  }
}

function withoutEtcdVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('ETCD')));
}

/** Ports that were free a moment ago: all are held open together so they differ. */
async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
    }
    return servers.map((server) => (server.address() as AddressInfo).port);
  } finally {
    await Promise.all(
      servers.map((server) => new Promise<void>((resolve) => server.close(() => { resolve(); }))),
    );
  }
}

/** A port on 127.0.0.1 where nothing listens (it was free a moment ago). */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error('no free port');
  return port;
}

/**
 * The member that currently leads the cluster, asking each live member for its
 * status; undefined if none claims to lead.
 */
export async function findLeader(cluster: EtcdCluster): Promise<EtcdMember | undefined> {
  for (const member of cluster.members) {
    const client = new Etcd3({
      hosts: `http://${member.clientEndpoint}`,
      defaultCallOptions: () => ({ deadline: Date.now() + 2_000 }),
    });
    try {
      const status = await client.maintenance.status();
      if (status.leader === status.header.member_id) return member;
    } catch {
      // a dead or lagging member: ask the next one
    } finally {
      client.close();
    }
  }
  return undefined;
}

/**
 * The etcd endpoints for tests: `TUG_TEST_ETCD_ENDPOINTS` (comma-separated host:port)
 * if set, which `stop` leaves alone; otherwise a one-member cluster started here.
 */
export async function testEtcdEndpoints(): Promise<{ endpoints: string[]; stop(): Promise<void> }> {
  const fromEnv = process.env.TUG_TEST_ETCD_ENDPOINTS;
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    const endpoints = fromEnv
      .split(',')
      .map((endpoint) => endpoint.trim())
      .filter((endpoint) => endpoint !== '');
    return { endpoints, stop: async () => undefined };
  }
  const cluster = await startEtcdCluster({ members: 1 });
  return { endpoints: cluster.endpoints, stop: () => cluster.stop() };
}
