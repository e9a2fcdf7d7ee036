import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * The one account of registries started with `basicAuth`. docker-registry reads
 * only bcrypt htpasswd entries and Node has no bcrypt, so the hash is fixed here
 * (cost 4, made with Python's `crypt.crypt(password, crypt.mksalt(METHOD_BLOWFISH, rounds=16))`).
 */
export const REGISTRY_USER: RegistryCredentials = { username: 'tugboat', password: 'tugboat-pull-secret' };
const REGISTRY_USER_BCRYPT = '$2b$04$OFI0I0hEiJNSIBKXeHYgOekreJWiFyQi18ReLT6BZ.O0iI1z8em06';

export interface LocalRegistry {
  /** `127.0.0.1:PORT`, the registry host of the images it serves. */
  readonly host: string;
  readonly pid: number;
  /** Set when the registry demands basic auth. */
  readonly credentials?: RegistryCredentials;
  /** Stops the registry by its PID and removes its storage. */
  stop(): Promise<void>;
}

export interface LocalRegistryOptions {
  /** Demand HTTP basic auth with REGISTRY_USER. */
  readonly basicAuth?: boolean;
}

const REGISTRY_BIN = process.env.TUG_TEST_REGISTRY_BIN ?? 'docker-registry';
const READY_WITHIN_MS = 20_000;
const START_ATTEMPTS = 3;

/** Registries started here and not yet stopped, killed if this process exits first. */
const running = new Map<number, string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [pid, dir] of running) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  return port;
}

function registryConfig(dir: string, port: number, basicAuth: boolean): string {
  const auth = basicAuth ? `auth:\n  htpasswd:\n    realm: tugboat-test\n    path: ${join(dir, 'htpasswd')}\n` : '';
  return `version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: ${join(dir, 'storage')}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:${port}
${auth}`;
}

async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => child.once('exit', resolve));
}

async function waitUntilServing(child: ChildProcess, host: string, logPath: string): Promise<boolean> {
  const deadline = Date.now() + READY_WITHIN_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    const status = await fetch(`http://${host}/v2/`).then((response) => response.status, () => 0);
    if (status === 200 || status === 401) return true;
    await sleep(50);
  }
  throw new Error(`docker-registry on ${host} did not answer within ${READY_WITHIN_MS} ms:\n${readFileSync(logPath, 'utf8')}`);
}

/**
 * Starts Debian's `docker-registry serve CONFIG` (CNCF distribution) on a free
 * loopback port, storing blobs in a temporary directory. Plain HTTP: containerd
 * pulls from 127.0.0.1 over HTTP without any hosts.toml.
 */
export async function startLocalRegistry(options: LocalRegistryOptions = {}): Promise<LocalRegistry> {
  installExitHook();
  const dir = await mkdtemp(join(tmpdir(), 'tug-registry-'));
  const basicAuth = options.basicAuth === true;
  if (basicAuth) await writeFile(join(dir, 'htpasswd'), `${REGISTRY_USER.username}:${REGISTRY_USER_BCRYPT}\n`);
  const logPath = join(dir, 'registry.log');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const host = `127.0.0.1:${port}`;
    const configPath = join(dir, 'config.yml');
    await writeFile(configPath, registryConfig(dir, port, basicAuth));
    const log = openSync(logPath, 'a');
    const child = spawn(REGISTRY_BIN, ['serve', configPath], { stdio: ['ignore', log, log] });
    closeSync(log);
    const pid = child.pid;
    if (pid === undefined) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(`cannot start ${REGISTRY_BIN}; is the docker-registry package installed?`);
    }
    running.set(pid, dir);
    const stop = async (): Promise<void> => {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(pid, 'SIGTERM');
        const killer = setTimeout(() => { child.kill('SIGKILL'); }, 10_000);
        await exited(child);
        clearTimeout(killer);
      }
      running.delete(pid);
      await rm(dir, { recursive: true, force: true });
    };
    if (await waitUntilServing(child, host, logPath)) {
      return { host, pid, stop, ...(basicAuth ? { credentials: REGISTRY_USER } : {}) };
    }
    running.delete(pid);
    // Another process may have taken the port between freePort() and the registry's bind.
    if (attempt >= START_ATTEMPTS) {
      const output = readFileSync(logPath, 'utf8');
      await rm(dir, { recursive: true, force: true });
      throw new Error(`docker-registry exited while starting:\n${output}`);
    }
  }
}
