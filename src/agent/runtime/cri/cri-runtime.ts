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
import { ImagePullError, RuntimeNotFoundError } from '../runtime-errors.js';
import { CriClient, type CriService } from './cri-client.js';
import {
  criAuth,
  criContainerConfig,
  criContainerState,
  criSandboxConfig,
  criSandboxState,
  containerStatus,
  containerSummary,
  imageInfo,
  nanosToMillis,
  sandboxStatus,
  sandboxSummary,
} from './cri-mapping.js';
import type {
  CriContainerStatsResponse,
  CriContainerStatusResponse,
  CriCreateContainerResponse,
  CriExecSyncResponse,
  CriImageStatusResponse,
  CriListContainersResponse,
  CriListImagesResponse,
  CriListPodSandboxResponse,
  CriPodSandboxStatusResponse,
  CriPullImageResponse,
  CriRunPodSandboxResponse,
  CriStatusResponse,
  CriUrlResponse,
  CriVersionResponse,
} from './cri-messages.js';

export interface CriRuntimeOptions {
  /** Deadline of ordinary calls; default 2 minutes (the kubelet's). */
  readonly callTimeoutMs?: number;
  /** Deadline of image pulls; default 30 minutes. */
  readonly pullTimeoutMs?: number;
}

/** ContainerRuntime over CRI `runtime.v1` gRPC (containerd, CRI-O). */
export class CriRuntime implements ContainerRuntime {
  readonly #client: CriClient;
  readonly #callTimeoutMs: number;
  readonly #pullTimeoutMs: number;

  /** `endpoint`: `unix:///run/containerd/containerd.sock` or a socket path. */
  constructor(endpoint: string, options: CriRuntimeOptions = {}) {
    this.#client = new CriClient(endpoint);
    this.#callTimeoutMs = options.callTimeoutMs ?? 120_000;
    this.#pullTimeoutMs = options.pullTimeoutMs ?? 30 * 60_000;
  }

  async version(): Promise<RuntimeVersion> {
    const response = await this.#runtime<CriVersionResponse>('Version', { version: 'v1' });
    return {
      runtimeName: response.runtimeName,
      runtimeVersion: response.runtimeVersion,
      runtimeApiVersion: response.runtimeApiVersion,
    };
  }

  async status(): Promise<RuntimeStatus> {
    const response = await this.#runtime<CriStatusResponse>('Status', { verbose: false });
    const conditions = response.status?.conditions ?? [];
    const isTrue = (type: string): boolean => conditions.some((condition) => condition.type === type && condition.status);
    return { runtimeReady: isTrue('RuntimeReady'), networkReady: isTrue('NetworkReady'), conditions };
  }

  async pullImage(image: string, options: PullImageOptions = {}): Promise<string> {
    const started = Date.now();
    options.onProgress?.({ stage: 'started', image });
    try {
      const response = await this.#client.call<CriPullImageResponse>(
        'ImageService',
        'PullImage',
        { image: { image, userSpecifiedImage: image }, auth: criAuth(options.auth) },
        this.#pullTimeoutMs,
      );
      options.onProgress?.({ stage: 'completed', image, imageRef: response.imageRef, durationMs: Date.now() - started });
      return response.imageRef;
    } catch (error) {
      throw new ImagePullError(`pulling ${image} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  async imageStatus(image: string): Promise<ImageInfo | undefined> {
    const response = await this.#image<CriImageStatusResponse>('ImageStatus', { image: { image }, verbose: false });
    return response.image === null || response.image.id === '' ? undefined : imageInfo(response.image);
  }

  async listImages(): Promise<ImageInfo[]> {
    const response = await this.#image<CriListImagesResponse>('ListImages', {});
    return response.images.map(imageInfo);
  }

  async removeImage(image: string): Promise<void> {
    await ignoreNotFound(this.#image('RemoveImage', { image: { image } }));
  }

  async runPodSandbox(config: SandboxConfig): Promise<string> {
    const response = await this.#runtime<CriRunPodSandboxResponse>('RunPodSandbox', { config: criSandboxConfig(config) });
    return response.podSandboxId;
  }

  async stopPodSandbox(sandboxId: string): Promise<void> {
    await ignoreNotFound(this.#runtime('StopPodSandbox', { podSandboxId: sandboxId }));
  }

  async removePodSandbox(sandboxId: string): Promise<void> {
    await ignoreNotFound(this.#runtime('RemovePodSandbox', { podSandboxId: sandboxId }));
  }

  async podSandboxStatus(sandboxId: string): Promise<SandboxStatus> {
    const response = await this.#runtime<CriPodSandboxStatusResponse>('PodSandboxStatus', { podSandboxId: sandboxId });
    if (response.status === null) throw new RuntimeNotFoundError(`sandbox ${sandboxId} not found`);
    return sandboxStatus(response.status);
  }

  async listPodSandboxes(filter: SandboxFilter = {}): Promise<SandboxSummary[]> {
    const response = await this.#runtime<CriListPodSandboxResponse>('ListPodSandbox', {
      filter: {
        id: filter.id ?? '',
        state: filter.state === undefined ? null : { state: criSandboxState(filter.state) },
        labelSelector: filter.labels ?? {},
      },
    });
    return response.items.map(sandboxSummary);
  }

  async createContainer(sandboxId: string, config: ContainerConfig, sandboxConfig: SandboxConfig): Promise<string> {
    const response = await this.#runtime<CriCreateContainerResponse>('CreateContainer', {
      podSandboxId: sandboxId,
      config: criContainerConfig(config),
      sandboxConfig: criSandboxConfig(sandboxConfig),
    });
    return response.containerId;
  }

  async startContainer(containerId: string): Promise<void> {
    await this.#runtime('StartContainer', { containerId });
  }

  async stopContainer(containerId: string, timeoutSeconds: number): Promise<void> {
    const deadline = this.#callTimeoutMs + timeoutSeconds * 1000;
    await ignoreNotFound(this.#client.call('RuntimeService', 'StopContainer', { containerId, timeout: timeoutSeconds }, deadline));
  }

  async removeContainer(containerId: string): Promise<void> {
    await ignoreNotFound(this.#runtime('RemoveContainer', { containerId }));
  }

  async containerStatus(containerId: string): Promise<ContainerStatus> {
    const response = await this.#runtime<CriContainerStatusResponse>('ContainerStatus', { containerId });
    if (response.status === null) throw new RuntimeNotFoundError(`container ${containerId} not found`);
    return containerStatus(response.status);
  }

  async listContainers(filter: ContainerFilter = {}): Promise<ContainerSummary[]> {
    const response = await this.#runtime<CriListContainersResponse>('ListContainers', {
      filter: {
        id: filter.id ?? '',
        podSandboxId: filter.sandboxId ?? '',
        state: filter.state === undefined ? null : { state: criContainerState(filter.state) },
        labelSelector: filter.labels ?? {},
      },
    });
    return response.containers.map(containerSummary);
  }

  async containerStats(containerId: string): Promise<ContainerStats> {
    const response = await this.#runtime<CriContainerStatsResponse>('ContainerStats', { containerId });
    const stats = response.stats;
    if (stats === null) throw new RuntimeNotFoundError(`no stats for container ${containerId}`);
    const cpu = stats.cpu?.usageCoreNanoSeconds?.value;
    const workingSet = stats.memory?.workingSetBytes?.value;
    const usage = stats.memory?.usageBytes?.value;
    return {
      id: stats.attributes?.id ?? containerId,
      timestamp: nanosToMillis(stats.cpu?.timestamp ?? stats.memory?.timestamp ?? '0') ?? Date.now(),
      ...(cpu === undefined ? {} : { cpuUsageCoreNanoSeconds: Number(cpu) }),
      ...(workingSet === undefined ? {} : { memoryWorkingSetBytes: Number(workingSet) }),
      ...(usage === undefined ? {} : { memoryUsageBytes: Number(usage) }),
    };
  }

  async execSync(containerId: string, command: readonly string[], timeoutSeconds: number): Promise<ExecResult> {
    const deadline = timeoutSeconds > 0 ? timeoutSeconds * 1000 + 10_000 : this.#callTimeoutMs;
    const response = await this.#client.call<CriExecSyncResponse>(
      'RuntimeService',
      'ExecSync',
      { containerId, cmd: command, timeout: timeoutSeconds },
      deadline,
    );
    return { stdout: response.stdout, stderr: response.stderr, exitCode: response.exitCode };
  }

  async exec(request: ExecRequest): Promise<string> {
    const { containerId, command, tty, stdin, stdout, stderr } = request;
    const response = await this.#runtime<CriUrlResponse>('Exec', { containerId, cmd: command, tty, stdin, stdout, stderr });
    return response.url;
  }

  async attach(request: AttachRequest): Promise<string> {
    const response = await this.#runtime<CriUrlResponse>('Attach', { ...request });
    return response.url;
  }

  async portForward(sandboxId: string, ports: readonly number[]): Promise<string> {
    const response = await this.#runtime<CriUrlResponse>('PortForward', { podSandboxId: sandboxId, port: ports });
    return response.url;
  }

  async close(): Promise<void> {
    this.#client.close();
  }

  #runtime<Response>(method: string, request: object): Promise<Response> {
    return this.#call<Response>('RuntimeService', method, request);
  }

  #image<Response>(method: string, request: object): Promise<Response> {
    return this.#call<Response>('ImageService', method, request);
  }

  #call<Response>(service: CriService, method: string, request: object): Promise<Response> {
    return this.#client.call<Response>(service, method, request, this.#callTimeoutMs);
  }
}

async function ignoreNotFound(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof RuntimeNotFoundError)) throw error;
  }
}
