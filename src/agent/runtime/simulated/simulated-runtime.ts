import { randomBytes } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock, type Clock, type TimerHandle } from '../../../util/clock.js';
import type {
  AttachRequest,
  ContainerConfig,
  ContainerFilter,
  ContainerRuntime,
  ContainerStats,
  ContainerStatus,
  ContainerSummary,
  ExecRequest,
  ExecResult,
  ImageInfo,
  PullImageOptions,
  RuntimeStatus,
  RuntimeVersion,
  SandboxConfig,
  SandboxFilter,
  SandboxStatus,
  SandboxSummary,
} from '../container-runtime.js';
import { ImagePullError, RuntimeCallError, RuntimeNotFoundError, RuntimeTimeoutError } from '../runtime-errors.js';
import { simulateCommand, type SimulatedProgram } from './simulated-program.js';

export interface SimulatedImage {
  readonly reference: string;
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[];
  readonly sizeBytes?: number;
}

export interface SimulatedRuntimeOptions {
  /** Images the runtime holds from the start. */
  readonly images?: readonly SimulatedImage[];
  /** Images pullImage can fetch. */
  readonly registry?: readonly SimulatedImage[];
  /** Overrides what a command does; return undefined to fall back to the busybox-like interpreter. */
  readonly programs?: (argv: readonly string[]) => SimulatedProgram | undefined;
  readonly clock?: Clock;
  /** Write CRI log files (default true); scale tests can turn it off. */
  readonly writeLogs?: boolean;
}

interface Sandbox {
  summary: SandboxSummary;
  readonly config: SandboxConfig;
  readonly ip: string;
}

interface Container {
  status: ContainerStatus;
  readonly sandboxId: string;
  readonly config: ContainerConfig;
  readonly env: ReadonlyMap<string, string>;
  readonly argv: readonly string[];
  timer?: TimerHandle | undefined;
}

type Operation = Exclude<keyof ContainerRuntime, 'close'>;

/**
 * ContainerRuntime in memory with CRI's state machine (sandbox ready -> notready ->
 * removed; container created -> running -> exited -> removed), commands simulated
 * by `simulated-program.ts`, real CRI log files, and failures on demand. For unit
 * and scale tests of the agent; it passes the same conformance suite as containerd.
 */
export class SimulatedRuntime implements ContainerRuntime {
  readonly #clock: Clock;
  readonly #programs: SimulatedRuntimeOptions['programs'];
  readonly #writeLogs: boolean;
  readonly #images = new Map<string, SimulatedImage>();
  readonly #registry = new Map<string, SimulatedImage>();
  readonly #sandboxes = new Map<string, Sandbox>();
  readonly #containers = new Map<string, Container>();
  readonly #failures = new Map<Operation, Error[]>();
  #nextIp = 2;

  constructor(options: SimulatedRuntimeOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#programs = options.programs;
    this.#writeLogs = options.writeLogs ?? true;
    for (const image of options.images ?? []) this.#images.set(image.reference, image);
    for (const image of options.registry ?? []) this.#registry.set(image.reference, image);
  }

  /** The next `times` calls of `operation` reject with `error`. */
  injectFailure(operation: Operation, error: Error, times = 1): void {
    const queue = this.#failures.get(operation) ?? [];
    for (let count = 0; count < times; count++) queue.push(error);
    this.#failures.set(operation, queue);
  }

  /** Ends a running container as if its process had died. */
  crashContainer(containerId: string, exitCode: number, reason = 'Error'): void {
    const container = this.#container(containerId);
    if (container.status.state === 'running') this.#exit(container, exitCode, reason);
  }

  async version(): Promise<RuntimeVersion> {
    this.#maybeFail('version');
    return { runtimeName: 'simulated', runtimeVersion: '1.0.0', runtimeApiVersion: 'v1' };
  }

  async status(): Promise<RuntimeStatus> {
    this.#maybeFail('status');
    const condition = (type: string): RuntimeStatus['conditions'][number] => ({ type, status: true, reason: '', message: '' });
    return { runtimeReady: true, networkReady: true, conditions: [condition('RuntimeReady'), condition('NetworkReady')] };
  }

  async pullImage(image: string, options: PullImageOptions = {}): Promise<string> {
    this.#maybeFail('pullImage');
    const started = this.#clock.now();
    options.onProgress?.({ stage: 'started', image });
    const found = this.#registry.get(image);
    if (found === undefined) throw new ImagePullError(`pulling ${image} failed: not found in the simulated registry`);
    this.#images.set(image, found);
    const imageRef = imageId(image);
    options.onProgress?.({ stage: 'completed', image, imageRef, durationMs: this.#clock.now() - started });
    return imageRef;
  }

  async imageStatus(image: string): Promise<ImageInfo | undefined> {
    this.#maybeFail('imageStatus');
    const found = this.#images.get(image);
    return found === undefined ? undefined : imageInfo(found);
  }

  async listImages(): Promise<ImageInfo[]> {
    this.#maybeFail('listImages');
    return [...this.#images.values()].map(imageInfo);
  }

  async removeImage(image: string): Promise<void> {
    this.#maybeFail('removeImage');
    this.#images.delete(image);
  }

  async runPodSandbox(config: SandboxConfig): Promise<string> {
    this.#maybeFail('runPodSandbox');
    const id = newId();
    const network = config.network ?? 'pod';
    const ip = network === 'pod' ? `10.88.${Math.floor(this.#nextIp / 256) % 256}.${this.#nextIp++ % 256}` : '';
    this.#sandboxes.set(id, {
      config,
      ip,
      summary: {
        id,
        name: config.name,
        uid: config.uid,
        namespace: config.namespace,
        attempt: config.attempt,
        state: 'ready',
        createdAt: this.#clock.now(),
        labels: { ...config.labels },
        annotations: { ...config.annotations },
      },
    });
    return id;
  }

  async stopPodSandbox(sandboxId: string): Promise<void> {
    this.#maybeFail('stopPodSandbox');
    const sandbox = this.#sandboxes.get(sandboxId);
    if (sandbox === undefined) return;
    for (const container of this.#containersOf(sandboxId)) this.#kill(container);
    sandbox.summary = { ...sandbox.summary, state: 'notready' };
  }

  async removePodSandbox(sandboxId: string): Promise<void> {
    this.#maybeFail('removePodSandbox');
    for (const container of this.#containersOf(sandboxId)) {
      this.#kill(container);
      this.#containers.delete(container.status.id);
    }
    this.#sandboxes.delete(sandboxId);
  }

  async podSandboxStatus(sandboxId: string): Promise<SandboxStatus> {
    this.#maybeFail('podSandboxStatus');
    const sandbox = this.#sandbox(sandboxId);
    return { ...sandbox.summary, ip: sandbox.ip, additionalIps: [], network: sandbox.config.network ?? 'pod' };
  }

  async listPodSandboxes(filter: SandboxFilter = {}): Promise<SandboxSummary[]> {
    this.#maybeFail('listPodSandboxes');
    return [...this.#sandboxes.values()]
      .map((sandbox) => sandbox.summary)
      .filter((summary) => (filter.id === undefined || summary.id === filter.id)
        && (filter.state === undefined || summary.state === filter.state)
        && matchesLabels(summary.labels, filter.labels));
  }

  async createContainer(sandboxId: string, config: ContainerConfig, _sandboxConfig: SandboxConfig): Promise<string> {
    this.#maybeFail('createContainer');
    const sandbox = this.#sandbox(sandboxId);
    if (sandbox.summary.state !== 'ready') throw new RuntimeCallError(`sandbox ${sandboxId} is not ready`, 'FailedPrecondition');
    const image = this.#images.get(config.image);
    if (image === undefined) throw new RuntimeNotFoundError(`image ${config.image} not found`);
    const id = newId();
    const command = config.command !== undefined && config.command.length > 0 ? config.command : (image.entrypoint ?? []);
    const args = config.args !== undefined && config.args.length > 0 || (config.command?.length ?? 0) > 0
      ? (config.args ?? [])
      : (image.cmd ?? []);
    this.#containers.set(id, {
      sandboxId,
      config,
      env: new Map((config.env ?? []).map((variable) => [variable.name, variable.value])),
      argv: [...command, ...args],
      status: {
        id,
        name: config.name,
        attempt: config.attempt,
        image: config.image,
        imageRef: imageId(config.image),
        state: 'created',
        createdAt: this.#clock.now(),
        exitCode: 0,
        reason: '',
        message: '',
        labels: { ...config.labels },
        annotations: { ...config.annotations },
        logPath: join(sandbox.config.logDirectory, config.logPath),
      },
    });
    return id;
  }

  async startContainer(containerId: string): Promise<void> {
    this.#maybeFail('startContainer');
    const container = this.#container(containerId);
    if (container.status.state !== 'created') {
      throw new RuntimeCallError(`container ${containerId} is ${container.status.state}, not created`, 'FailedPrecondition');
    }
    const program = this.#program(container.argv, container.env);
    if (program.notFound !== undefined) {
      const message = `exec: "${program.notFound}": executable file not found in $PATH`;
      this.#exit(container, 128, 'StartError', message);
      throw new RuntimeCallError(`starting container ${containerId} failed: ${message}`, 'StartError');
    }
    container.status = { ...container.status, state: 'running', startedAt: this.#clock.now() };
    await this.#log(container, program.output);
    const limit = container.config.resources?.memoryLimitBytes ?? 0;
    if (limit > 0 && (program.memoryBytes ?? 0) > limit) {
      this.#exit(container, 137, 'OOMKilled');
    } else if (program.durationSeconds === 0) {
      this.#exit(container, program.exitCode, program.exitCode === 0 ? 'Completed' : 'Error');
    } else if (Number.isFinite(program.durationSeconds)) {
      container.timer = this.#clock.schedule(program.durationSeconds * 1000, () => {
        this.#exit(container, program.exitCode, program.exitCode === 0 ? 'Completed' : 'Error');
      });
    }
  }

  async stopContainer(containerId: string, _timeoutSeconds: number): Promise<void> {
    this.#maybeFail('stopContainer');
    const container = this.#containers.get(containerId);
    if (container !== undefined) this.#kill(container);
  }

  async removeContainer(containerId: string): Promise<void> {
    this.#maybeFail('removeContainer');
    const container = this.#containers.get(containerId);
    if (container === undefined) return;
    this.#kill(container);
    this.#containers.delete(containerId);
  }

  async containerStatus(containerId: string): Promise<ContainerStatus> {
    this.#maybeFail('containerStatus');
    return this.#container(containerId).status;
  }

  async listContainers(filter: ContainerFilter = {}): Promise<ContainerSummary[]> {
    this.#maybeFail('listContainers');
    return [...this.#containers.values()]
      .filter((container) => (filter.id === undefined || container.status.id === filter.id)
        && (filter.sandboxId === undefined || container.sandboxId === filter.sandboxId)
        && (filter.state === undefined || container.status.state === filter.state)
        && matchesLabels(container.status.labels, filter.labels))
      .map(({ status, sandboxId }) => ({
        id: status.id,
        sandboxId,
        name: status.name,
        attempt: status.attempt,
        image: status.image,
        imageRef: status.imageRef,
        state: status.state,
        createdAt: status.createdAt,
        labels: status.labels,
        annotations: status.annotations,
      }));
  }

  async containerStats(containerId: string): Promise<ContainerStats> {
    this.#maybeFail('containerStats');
    const container = this.#container(containerId);
    const now = this.#clock.now();
    const memory = this.#program(container.argv, container.env).memoryBytes ?? 512 * 1024;
    const runMs = container.status.state === 'running' ? now - (container.status.startedAt ?? now) : 0;
    return {
      id: containerId,
      timestamp: now,
      cpuUsageCoreNanoSeconds: 1_000_000 + runMs * 10_000,
      memoryWorkingSetBytes: memory,
      memoryUsageBytes: memory,
    };
  }

  async execSync(containerId: string, command: readonly string[], timeoutSeconds: number): Promise<ExecResult> {
    this.#maybeFail('execSync');
    const container = this.#running(containerId);
    const program = this.#program(command, container.env);
    if (program.notFound !== undefined) throw new RuntimeCallError(`exec: "${program.notFound}": executable file not found`, 'Unknown');
    if (timeoutSeconds > 0 && program.durationSeconds > timeoutSeconds) {
      throw new RuntimeTimeoutError(`exec in ${containerId}: timeout ${timeoutSeconds}s exceeded`);
    }
    const text = (stream: 'stdout' | 'stderr'): Buffer => Buffer.from(program.output
      .filter((line) => line.stream === stream)
      .map((line) => `${line.text}\n`)
      .join(''));
    return { stdout: text('stdout'), stderr: text('stderr'), exitCode: program.exitCode };
  }

  async exec(request: ExecRequest): Promise<string> {
    this.#maybeFail('exec');
    this.#running(request.containerId);
    return streamUrl('exec');
  }

  async attach(request: AttachRequest): Promise<string> {
    this.#maybeFail('attach');
    this.#running(request.containerId);
    return streamUrl('attach');
  }

  async portForward(sandboxId: string, _ports: readonly number[]): Promise<string> {
    this.#maybeFail('portForward');
    this.#sandbox(sandboxId);
    return streamUrl('portforward');
  }

  async close(): Promise<void> {
    for (const container of this.#containers.values()) {
      if (container.timer !== undefined) this.#clock.cancel(container.timer);
    }
  }

  #maybeFail(operation: Operation): void {
    const error = this.#failures.get(operation)?.shift();
    if (error !== undefined) throw error;
  }

  #program(argv: readonly string[], env: ReadonlyMap<string, string>): SimulatedProgram {
    return this.#programs?.(argv) ?? simulateCommand(argv, env);
  }

  #sandbox(sandboxId: string): Sandbox {
    const sandbox = this.#sandboxes.get(sandboxId);
    if (sandbox === undefined) throw new RuntimeNotFoundError(`sandbox ${sandboxId} not found`);
    return sandbox;
  }

  #container(containerId: string): Container {
    const container = this.#containers.get(containerId);
    if (container === undefined) throw new RuntimeNotFoundError(`container ${containerId} not found`);
    return container;
  }

  #running(containerId: string): Container {
    const container = this.#container(containerId);
    if (container.status.state !== 'running') {
      throw new RuntimeCallError(`container ${containerId} is ${container.status.state}, not running`, 'FailedPrecondition');
    }
    return container;
  }

  #containersOf(sandboxId: string): Container[] {
    return [...this.#containers.values()].filter((container) => container.sandboxId === sandboxId);
  }

  #kill(container: Container): void {
    if (container.status.state === 'running') this.#exit(container, 137, 'Error');
  }

  #exit(container: Container, exitCode: number, reason: string, message = ''): void {
    if (container.timer !== undefined) this.#clock.cancel(container.timer);
    container.timer = undefined;
    container.status = { ...container.status, state: 'exited', exitCode, reason, message, finishedAt: this.#clock.now() };
  }

  async #log(container: Container, output: SimulatedProgram['output']): Promise<void> {
    if (!this.#writeLogs) return;
    const time = new Date(this.#clock.now()).toISOString();
    const lines = output.map((line) => `${time} ${line.stream} F ${line.text}\n`).join('');
    await appendFile(container.status.logPath, lines);
  }
}

function newId(): string {
  return randomBytes(32).toString('hex');
}

function imageId(reference: string): string {
  let hash = 0;
  for (const char of reference) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `sha256:${hash.toString(16).padStart(64, '0')}`;
}

function imageInfo(image: SimulatedImage): ImageInfo {
  return { id: imageId(image.reference), repoTags: [image.reference], repoDigests: [], sizeBytes: image.sizeBytes ?? 1024 * 1024 };
}

function matchesLabels(labels: Readonly<Record<string, string>>, wanted: Readonly<Record<string, string>> | undefined): boolean {
  return Object.entries(wanted ?? {}).every(([key, value]) => labels[key] === value);
}

function streamUrl(kind: string): string {
  return `http://127.0.0.1:10010/${kind}/${randomBytes(6).toString('base64url')}`;
}
