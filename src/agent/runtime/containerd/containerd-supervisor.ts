import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ExponentialBackoff } from '../../../util/backoff.js';
import { systemClock, type Clock, type TimerHandle } from '../../../util/clock.js';
import { errorMessage } from '../../../util/errors.js';
import { silentLogger, type Logger } from '../../../util/logger.js';
import { CriRuntime } from '../cri/cri-runtime.js';
import { containerdConfig, containerdPaths, type ContainerdPaths } from './containerd-config.js';
import { importImageArchive } from './image-importer.js';
import { DEFAULT_BUSYBOX_PATH, PAUSE_IMAGE, pauseImageArchive } from './pause-image.js';
import { isAlive, signalAndWait } from './process-signals.js';

export interface ContainerdSupervisorOptions {
  /** Everything containerd keeps (root, state, socket, config, log) lives here. */
  readonly dataDir: string;
  readonly containerdPath?: string;
  readonly ctrPath?: string;
  readonly busyboxPath?: string;
  readonly cniBinDir?: string;
  /** Default: `<dataDir>/cni/net.d`; the agent's network layer writes pod networks there. */
  readonly cniConfDir?: string;
  readonly readyTimeoutMs?: number;
  readonly stopTimeoutMs?: number;
  readonly restartBackoff?: { readonly baseMs: number; readonly maxMs: number };
  readonly logger?: Logger;
  readonly clock?: Clock;
}

const backoffKey = 'containerd';
/** A containerd that served this long before dying restarts without delay. */
const stableRunMs = 60_000;

/**
 * Runs our own containerd as a child process, the way k3s does: writes its config,
 * starts it, waits until CRI answers, imports our pause image, restarts it with
 * exponential backoff when it dies, and stops it by PID. Containers survive a
 * containerd restart (their shims keep running). A containerd left over from an
 * earlier agent (found through the pid file) is stopped before a new one starts.
 */
export class ContainerdSupervisor {
  readonly #options: ContainerdSupervisorOptions;
  readonly #paths: ContainerdPaths;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #backoff: ExponentialBackoff<string>;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #startedAt = 0;
  #stopping = false;
  #restartTimer: TimerHandle | undefined;
  #restarts = 0;

  constructor(options: ContainerdSupervisorOptions) {
    this.#options = options;
    this.#paths = containerdPaths(options.dataDir);
    this.#logger = (options.logger ?? silentLogger).with({ component: 'containerd-supervisor' });
    this.#clock = options.clock ?? systemClock;
    this.#backoff = new ExponentialBackoff(options.restartBackoff ?? { baseMs: 1000, maxMs: 30_000 });
  }

  get paths(): ContainerdPaths {
    return this.#paths;
  }

  /** The CRI endpoint, for CriRuntime. */
  get endpoint(): string {
    return `unix://${this.#paths.socket}`;
  }

  get pid(): number | undefined {
    return this.#child?.exitCode === null ? this.#child.pid : undefined;
  }

  /** How often containerd was restarted after dying. */
  get restarts(): number {
    return this.#restarts;
  }

  /** Starts containerd and resolves once it serves CRI with our pause image in place. */
  async start(): Promise<void> {
    this.#stopping = false;
    const paths = this.#paths;
    for (const dir of [paths.root, paths.state, paths.registryHostsDir, this.#cniConfDir(), paths.images]) {
      await mkdir(dir, { recursive: true });
    }
    await writeFile(paths.config, containerdConfig({
      paths,
      sandboxImage: PAUSE_IMAGE,
      cniBinDir: this.#options.cniBinDir ?? '/usr/lib/cni',
      cniConfDir: this.#cniConfDir(),
    }));
    await this.#stopLeftover();
    await this.#launch();
    await this.#importPauseImage();
  }

  /** Stops containerd (SIGTERM, then SIGKILL after the stop timeout); containers keep running. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#restartTimer !== undefined) this.#clock.cancel(this.#restartTimer);
    this.#restartTimer = undefined;
    const child = this.#child;
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      await signalAndWait(child.pid, this.#options.stopTimeoutMs ?? 10_000, () => this.#exited);
    }
    await rm(this.#paths.pidFile, { force: true });
  }

  #cniConfDir(): string {
    return this.#options.cniConfDir ?? this.#paths.cniConfDir;
  }

  async #launch(): Promise<void> {
    const logFd = openSync(this.#paths.log, 'a');
    let child: ChildProcess;
    try {
      child = spawn(this.#options.containerdPath ?? 'containerd', ['--config', this.#paths.config], {
        stdio: ['ignore', logFd, logFd],
      });
    } finally {
      closeSync(logFd);
    }
    this.#child = child;
    this.#startedAt = this.#clock.now();
    let spawnError: Error | undefined;
    this.#exited = new Promise<void>((resolve) => {
      child.once('error', (error) => {
        spawnError = error;
        resolve();
      });
      child.once('exit', (code, signal) => {
        resolve();
        this.#onExit(child, code, signal);
      });
    });
    if (child.pid !== undefined) await writeFile(this.#paths.pidFile, `${child.pid}\n`);
    await this.#waitUntilServing(child, () => spawnError);
    this.#logger.info('containerd is serving', { pid: child.pid, socket: this.#paths.socket });
  }

  async #waitUntilServing(child: ChildProcess, spawnError: () => Error | undefined): Promise<void> {
    const deadline = Date.now() + (this.#options.readyTimeoutMs ?? 30_000);
    const probe = new CriRuntime(this.#paths.socket, { callTimeoutMs: 1000 });
    try {
      for (;;) {
        const failure = spawnError();
        if (failure !== undefined) throw new Error(`cannot start containerd: ${failure.message}`, { cause: failure });
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`containerd exited while starting (code ${child.exitCode}, signal ${child.signalCode}); see ${this.#paths.log}`);
        }
        try {
          await probe.version();
          return;
        } catch (error) {
          if (Date.now() > deadline) {
            throw new Error(`containerd did not serve CRI on ${this.#paths.socket} in time: ${errorMessage(error)}`, { cause: error });
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await probe.close();
    }
  }

  async #importPauseImage(): Promise<void> {
    const archivePath = join(this.#paths.images, 'pause.tar');
    await writeFile(archivePath, await pauseImageArchive(this.#options.busyboxPath ?? DEFAULT_BUSYBOX_PATH));
    await importImageArchive({
      address: this.#paths.socket,
      archivePath,
      ...(this.#options.ctrPath === undefined ? {} : { ctrPath: this.#options.ctrPath }),
    });
  }

  #onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#stopping || child !== this.#child) return;
    if (this.#clock.now() - this.#startedAt >= stableRunMs) this.#backoff.forget(backoffKey);
    const delay = this.#backoff.next(backoffKey);
    this.#logger.error('containerd died; restarting', { code: code ?? undefined, signal: signal ?? undefined, delayMs: delay });
    this.#restartTimer = this.#clock.schedule(delay, () => {
      this.#restartTimer = undefined;
      if (this.#stopping) return;
      this.#restarts += 1;
      this.#launch().catch((error: unknown) => {
        this.#logger.error('restarting containerd failed', { error: errorMessage(error) });
        if (this.#child?.pid !== undefined && isAlive(this.#child.pid)) process.kill(this.#child.pid, 'SIGKILL');
      });
    });
  }

  /** A containerd of an earlier agent on this data dir would hold the root's lock. */
  async #stopLeftover(): Promise<void> {
    let pid: number;
    try {
      pid = Number.parseInt(await readFile(this.#paths.pidFile, 'utf8'), 10);
    } catch {
      return;
    }
    if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!cmdline.includes(this.#paths.config)) return;
    this.#logger.warn('stopping a containerd left over from an earlier run', { pid });
    await signalAndWait(pid, this.#options.stopTimeoutMs ?? 10_000, () => waitForExit(pid));
  }
}

async function waitForExit(pid: number): Promise<void> {
  while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
}
