/**
 * What the agent needs from a container runtime, shaped after CRI `runtime.v1` but
 * in plain TypeScript types, so pod workers do not care whether containerd (over
 * CRI) or the in-memory simulation runs their pods.
 *
 * Contract, for every implementation (checked by `conformance/`):
 * - Unknown ids: status, create, start, exec and stats calls that name a sandbox or
 *   container that does not exist reject with `RuntimeNotFoundError`.
 * - Teardown is idempotent: stopPodSandbox, removePodSandbox, stopContainer,
 *   removeContainer and removeImage succeed when the object is already stopped or
 *   gone. removePodSandbox stops the sandbox and removes its containers first;
 *   removeContainer kills a running container first.
 * - A missing image: createContainer rejects with `RuntimeNotFoundError`;
 *   imageStatus resolves to undefined; pullImage failures reject with `ImagePullError`.
 * - execSync rejects with `RuntimeTimeoutError` when the command outlives its timeout.
 * - An unreachable runtime rejects with `RuntimeUnavailableError`; anything else the
 *   runtime refuses (wrong state, invalid config) rejects with `RuntimeCallError`.
 * - Nothing is retried inside the runtime: callers own retries and backoff.
 * - Times are milliseconds since the epoch; a container's log file is written in the
 *   CRI format (`<RFC3339Nano> <stdout|stderr> <F|P> <text>`) at `logPath`, inside a
 *   directory the caller created (the sandbox's `logDirectory`).
 * Errors live in `runtime-errors.ts`.
 */
export interface ContainerRuntime {
  version(): Promise<RuntimeVersion>;
  status(): Promise<RuntimeStatus>;

  pullImage(image: string, options?: PullImageOptions): Promise<string>;
  imageStatus(image: string): Promise<ImageInfo | undefined>;
  listImages(): Promise<ImageInfo[]>;
  removeImage(image: string): Promise<void>;

  /** Creates and starts the pod's sandbox (namespaces, network) and returns its id. */
  runPodSandbox(config: SandboxConfig): Promise<string>;
  stopPodSandbox(sandboxId: string): Promise<void>;
  removePodSandbox(sandboxId: string): Promise<void>;
  podSandboxStatus(sandboxId: string): Promise<SandboxStatus>;
  listPodSandboxes(filter?: SandboxFilter): Promise<SandboxSummary[]>;

  /** `sandboxConfig` is the config the sandbox was run with. */
  createContainer(sandboxId: string, config: ContainerConfig, sandboxConfig: SandboxConfig): Promise<string>;
  startContainer(containerId: string): Promise<void>;
  /** Sends the stop signal, then SIGKILL after `timeoutSeconds` (0: at once). */
  stopContainer(containerId: string, timeoutSeconds: number): Promise<void>;
  removeContainer(containerId: string): Promise<void>;
  containerStatus(containerId: string): Promise<ContainerStatus>;
  listContainers(filter?: ContainerFilter): Promise<ContainerSummary[]>;
  containerStats(containerId: string): Promise<ContainerStats>;

  /** Runs `command` in a running container and waits for it; `timeoutSeconds` 0 means no limit. */
  execSync(containerId: string, command: readonly string[], timeoutSeconds: number): Promise<ExecResult>;
  /** The URL of the runtime's stream server that serves this exec session. */
  exec(request: ExecRequest): Promise<string>;
  attach(request: AttachRequest): Promise<string>;
  portForward(sandboxId: string, ports: readonly number[]): Promise<string>;

  /** Releases connections; the runtime's containers keep running. */
  close(): Promise<void>;
}

export interface RuntimeVersion {
  readonly runtimeName: string;
  readonly runtimeVersion: string;
  readonly runtimeApiVersion: string;
}

export interface RuntimeCondition {
  readonly type: string;
  readonly status: boolean;
  readonly reason: string;
  readonly message: string;
}

export interface RuntimeStatus {
  /** The RuntimeReady condition. */
  readonly runtimeReady: boolean;
  /** The NetworkReady condition (false while no pod network is configured). */
  readonly networkReady: boolean;
  readonly conditions: readonly RuntimeCondition[];
}

export interface RegistryAuth {
  readonly username?: string;
  readonly password?: string;
  /** base64 of `user:password`, as in a docker config. */
  readonly auth?: string;
  readonly serverAddress?: string;
  readonly identityToken?: string;
  readonly registryToken?: string;
}

export type PullProgress =
  | { readonly stage: 'started'; readonly image: string }
  | { readonly stage: 'completed'; readonly image: string; readonly imageRef: string; readonly durationMs: number };

export interface PullImageOptions {
  readonly auth?: RegistryAuth;
  /** Best effort: a runtime reports at least the start and the end of a pull. */
  readonly onProgress?: (progress: PullProgress) => void;
}

export interface ImageInfo {
  readonly id: string;
  readonly repoTags: readonly string[];
  readonly repoDigests: readonly string[];
  readonly sizeBytes: number;
}

/** Where a sandbox's namespace comes from: its own ('pod'), or the node's ('node'). */
export type NamespaceMode = 'pod' | 'container' | 'node';

export interface PortMapping {
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly containerPort: number;
  readonly hostPort?: number;
  readonly hostIp?: string;
}

export interface DnsConfig {
  readonly servers: readonly string[];
  readonly searches: readonly string[];
  readonly options: readonly string[];
}

export interface SandboxSecurityContext {
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly supplementalGroups?: readonly number[];
  readonly readonlyRootfs?: boolean;
  readonly privileged?: boolean;
}

export interface SandboxConfig {
  readonly name: string;
  readonly uid: string;
  readonly namespace: string;
  readonly attempt: number;
  readonly hostname?: string;
  /** Absolute; container log paths are relative to it. The caller creates it. */
  readonly logDirectory: string;
  readonly dns?: DnsConfig;
  readonly portMappings?: readonly PortMapping[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly cgroupParent?: string;
  /** Defaults: network 'pod', pid 'container', ipc 'pod'. */
  readonly network?: NamespaceMode;
  readonly pid?: NamespaceMode;
  readonly ipc?: NamespaceMode;
  readonly sysctls?: Readonly<Record<string, string>>;
  readonly securityContext?: SandboxSecurityContext;
}

export type SandboxState = 'ready' | 'notready';

export interface SandboxSummary {
  readonly id: string;
  readonly name: string;
  readonly uid: string;
  readonly namespace: string;
  readonly attempt: number;
  readonly state: SandboxState;
  readonly createdAt: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface SandboxStatus extends SandboxSummary {
  /** The pod's IP; empty when the sandbox uses the node's network or has none. */
  readonly ip: string;
  readonly additionalIps: readonly string[];
  readonly network: NamespaceMode;
}

export interface SandboxFilter {
  readonly id?: string;
  readonly state?: SandboxState;
  /** Every pair must match. */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface EnvVar {
  readonly name: string;
  readonly value: string;
}

export interface Mount {
  readonly containerPath: string;
  readonly hostPath: string;
  readonly readonly?: boolean;
  readonly propagation?: 'private' | 'hostToContainer' | 'bidirectional';
}

export interface ContainerResources {
  readonly cpuPeriod?: number;
  readonly cpuQuota?: number;
  readonly cpuShares?: number;
  readonly memoryLimitBytes?: number;
  /** Never negative: this machine cannot lower oom_score_adj (see machine-facts). */
  readonly oomScoreAdj?: number;
  readonly cpusetCpus?: string;
}

export interface ContainerSecurityContext {
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly runAsUsername?: string;
  readonly supplementalGroups?: readonly number[];
  readonly readonlyRootfs?: boolean;
  readonly privileged?: boolean;
  readonly capabilities?: { readonly add: readonly string[]; readonly drop: readonly string[] };
  readonly noNewPrivs?: boolean;
}

export interface ContainerConfig {
  readonly name: string;
  readonly attempt: number;
  readonly image: string;
  /** The entrypoint; the image's when empty. */
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly workingDir?: string;
  readonly env?: readonly EnvVar[];
  readonly mounts?: readonly Mount[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** Relative to the sandbox's logDirectory, e.g. `app/0.log`; its directory must exist. */
  readonly logPath: string;
  readonly stdin?: boolean;
  readonly stdinOnce?: boolean;
  readonly tty?: boolean;
  readonly resources?: ContainerResources;
  readonly securityContext?: ContainerSecurityContext;
}

export type ContainerState = 'created' | 'running' | 'exited' | 'unknown';

export interface ContainerSummary {
  readonly id: string;
  readonly sandboxId: string;
  readonly name: string;
  readonly attempt: number;
  readonly image: string;
  readonly imageRef: string;
  readonly state: ContainerState;
  readonly createdAt: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** CRI's ContainerStatus does not name the sandbox; listContainers does. */
export interface ContainerStatus extends Omit<ContainerSummary, 'sandboxId'> {
  readonly startedAt?: number;
  readonly finishedAt?: number;
  /** Meaningful once exited. */
  readonly exitCode: number;
  /** e.g. Completed, Error, OOMKilled; empty while not exited. */
  readonly reason: string;
  readonly message: string;
  /** Absolute path of the CRI log file. */
  readonly logPath: string;
}

export interface ContainerFilter {
  readonly id?: string;
  readonly sandboxId?: string;
  readonly state?: ContainerState;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface ContainerStats {
  readonly id: string;
  readonly timestamp: number;
  /** Cumulative CPU time used, in nanoseconds. */
  readonly cpuUsageCoreNanoSeconds?: number;
  readonly memoryWorkingSetBytes?: number;
  readonly memoryUsageBytes?: number;
}

export interface ExecResult {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly exitCode: number;
}

export interface ExecRequest {
  readonly containerId: string;
  readonly command: readonly string[];
  readonly tty: boolean;
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
}

export interface AttachRequest {
  readonly containerId: string;
  readonly tty: boolean;
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
}
