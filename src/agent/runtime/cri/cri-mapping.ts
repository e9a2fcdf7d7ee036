import type {
  ContainerConfig,
  ContainerState,
  ContainerStatus,
  ContainerSummary,
  ImageInfo,
  NamespaceMode,
  RegistryAuth,
  SandboxConfig,
  SandboxState,
  SandboxStatus,
  SandboxSummary,
} from '../container-runtime.js';
import type {
  CriContainer,
  CriContainerState,
  CriContainerStatus,
  CriImage,
  CriNamespaceMode,
  CriPodSandbox,
  CriPodSandboxStatus,
  CriSandboxState,
} from './cri-messages.js';

/** Translations between our runtime types and CRI messages, both ways. */

const namespaceModes: Record<NamespaceMode, CriNamespaceMode> = { pod: 'POD', container: 'CONTAINER', node: 'NODE' };
const sandboxStates: Record<SandboxState, CriSandboxState> = { ready: 'SANDBOX_READY', notready: 'SANDBOX_NOTREADY' };
const containerStates: Record<ContainerState, CriContainerState> = {
  created: 'CONTAINER_CREATED',
  running: 'CONTAINER_RUNNING',
  exited: 'CONTAINER_EXITED',
  unknown: 'CONTAINER_UNKNOWN',
};
const propagations = {
  private: 'PROPAGATION_PRIVATE',
  hostToContainer: 'PROPAGATION_HOST_TO_CONTAINER',
  bidirectional: 'PROPAGATION_BIDIRECTIONAL',
} as const;

export function criSandboxState(state: SandboxState): CriSandboxState {
  return sandboxStates[state];
}

export function criContainerState(state: ContainerState): CriContainerState {
  return containerStates[state];
}

function int64(value: number | undefined): { value: number } | null {
  return value === undefined ? null : { value };
}

export function criSandboxConfig(config: SandboxConfig): object {
  const security = config.securityContext ?? {};
  return {
    metadata: { name: config.name, uid: config.uid, namespace: config.namespace, attempt: config.attempt },
    hostname: config.hostname ?? '',
    logDirectory: config.logDirectory,
    dnsConfig: config.dns ?? null,
    portMappings: (config.portMappings ?? []).map((mapping) => ({
      protocol: mapping.protocol,
      containerPort: mapping.containerPort,
      hostPort: mapping.hostPort ?? 0,
      hostIp: mapping.hostIp ?? '',
    })),
    labels: config.labels ?? {},
    annotations: config.annotations ?? {},
    linux: {
      cgroupParent: config.cgroupParent ?? '',
      sysctls: config.sysctls ?? {},
      securityContext: {
        namespaceOptions: {
          network: namespaceModes[config.network ?? 'pod'],
          pid: namespaceModes[config.pid ?? 'container'],
          ipc: namespaceModes[config.ipc ?? 'pod'],
        },
        runAsUser: int64(security.runAsUser),
        runAsGroup: int64(security.runAsGroup),
        readonlyRootfs: security.readonlyRootfs ?? false,
        supplementalGroups: security.supplementalGroups ?? [],
        privileged: security.privileged ?? false,
      },
    },
  };
}

export function criContainerConfig(config: ContainerConfig): object {
  const resources = config.resources ?? {};
  const security = config.securityContext ?? {};
  return {
    metadata: { name: config.name, attempt: config.attempt },
    image: { image: config.image, userSpecifiedImage: config.image },
    command: config.command ?? [],
    args: config.args ?? [],
    workingDir: config.workingDir ?? '',
    envs: (config.env ?? []).map((variable) => ({ key: variable.name, value: variable.value })),
    mounts: (config.mounts ?? []).map((mount) => ({
      containerPath: mount.containerPath,
      hostPath: mount.hostPath,
      readonly: mount.readonly ?? false,
      propagation: propagations[mount.propagation ?? 'private'],
    })),
    labels: config.labels ?? {},
    annotations: config.annotations ?? {},
    logPath: config.logPath,
    stdin: config.stdin ?? false,
    stdinOnce: config.stdinOnce ?? false,
    tty: config.tty ?? false,
    linux: {
      resources: {
        cpuPeriod: resources.cpuPeriod ?? 0,
        cpuQuota: resources.cpuQuota ?? 0,
        cpuShares: resources.cpuShares ?? 0,
        memoryLimitInBytes: resources.memoryLimitBytes ?? 0,
        oomScoreAdj: resources.oomScoreAdj ?? 0,
        cpusetCpus: resources.cpusetCpus ?? '',
      },
      securityContext: {
        capabilities: security.capabilities === undefined
          ? null
          : { addCapabilities: security.capabilities.add, dropCapabilities: security.capabilities.drop },
        privileged: security.privileged ?? false,
        runAsUser: int64(security.runAsUser),
        runAsGroup: int64(security.runAsGroup),
        runAsUsername: security.runAsUsername ?? '',
        readonlyRootfs: security.readonlyRootfs ?? false,
        supplementalGroups: security.supplementalGroups ?? [],
        noNewPrivs: security.noNewPrivs ?? false,
      },
    },
  };
}

export function criAuth(auth: RegistryAuth | undefined): object | null {
  if (auth === undefined) return null;
  return {
    username: auth.username ?? '',
    password: auth.password ?? '',
    auth: auth.auth ?? '',
    serverAddress: auth.serverAddress ?? '',
    identityToken: auth.identityToken ?? '',
    registryToken: auth.registryToken ?? '',
  };
}

/** CRI times are nanoseconds since the epoch as int64; 0 means unset. */
export function nanosToMillis(nanos: string): number | undefined {
  const value = BigInt(nanos || '0');
  return value === 0n ? undefined : Number(value / 1_000_000n);
}

function sandboxStateOf(state: CriSandboxState): SandboxState {
  return state === 'SANDBOX_READY' ? 'ready' : 'notready';
}

function containerStateOf(state: CriContainerState): ContainerState {
  switch (state) {
    case 'CONTAINER_CREATED':
      return 'created';
    case 'CONTAINER_RUNNING':
      return 'running';
    case 'CONTAINER_EXITED':
      return 'exited';
    case 'CONTAINER_UNKNOWN':
      return 'unknown';
  }
}

export function sandboxSummary(sandbox: CriPodSandbox): SandboxSummary {
  return {
    id: sandbox.id,
    name: sandbox.metadata?.name ?? '',
    uid: sandbox.metadata?.uid ?? '',
    namespace: sandbox.metadata?.namespace ?? '',
    attempt: sandbox.metadata?.attempt ?? 0,
    state: sandboxStateOf(sandbox.state),
    createdAt: nanosToMillis(sandbox.createdAt) ?? 0,
    labels: sandbox.labels,
    annotations: sandbox.annotations,
  };
}

export function sandboxStatus(status: CriPodSandboxStatus): SandboxStatus {
  const network = status.linux?.namespaces?.options?.network ?? 'POD';
  return {
    ...sandboxSummary(status),
    ip: status.network?.ip ?? '',
    additionalIps: (status.network?.additionalIps ?? []).map((podIp) => podIp.ip),
    network: network === 'NODE' ? 'node' : network === 'CONTAINER' ? 'container' : 'pod',
  };
}

export function containerSummary(container: CriContainer): ContainerSummary {
  return {
    id: container.id,
    sandboxId: container.podSandboxId,
    name: container.metadata?.name ?? '',
    attempt: container.metadata?.attempt ?? 0,
    image: container.image?.image ?? '',
    imageRef: container.imageRef,
    state: containerStateOf(container.state),
    createdAt: nanosToMillis(container.createdAt) ?? 0,
    labels: container.labels,
    annotations: container.annotations,
  };
}

export function containerStatus(status: CriContainerStatus): ContainerStatus {
  const startedAt = nanosToMillis(status.startedAt);
  const reportedFinish = nanosToMillis(status.finishedAt);
  // containerd stamps the start when Start returns and the exit from the shim: a process
  // that exits at once can look finished a moment before it started.
  const finishedAt = reportedFinish === undefined || startedAt === undefined ? reportedFinish : Math.max(reportedFinish, startedAt);
  return {
    id: status.id,
    name: status.metadata?.name ?? '',
    attempt: status.metadata?.attempt ?? 0,
    image: status.image?.image ?? '',
    imageRef: status.imageRef,
    state: containerStateOf(status.state),
    createdAt: nanosToMillis(status.createdAt) ?? 0,
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(finishedAt === undefined ? {} : { finishedAt }),
    exitCode: status.exitCode,
    reason: status.reason,
    message: status.message,
    labels: status.labels,
    annotations: status.annotations,
    logPath: status.logPath,
  };
}

export function imageInfo(image: CriImage): ImageInfo {
  return { id: image.id, repoTags: image.repoTags, repoDigests: image.repoDigests, sizeBytes: Number(image.size) };
}
