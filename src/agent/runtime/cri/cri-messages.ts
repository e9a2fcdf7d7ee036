/**
 * The CRI messages as @grpc/proto-loader hands them to us (see `cri-client.ts`):
 * camelCase fields, every field present with its default, 64-bit integers as
 * decimal strings, enums by name, absent sub-messages as null. Only what
 * `cri-api.proto` declares.
 */
export type Labels = Record<string, string>;

export interface CriVersionResponse {
  version: string;
  runtimeName: string;
  runtimeVersion: string;
  runtimeApiVersion: string;
}

export interface CriRuntimeCondition {
  type: string;
  status: boolean;
  reason: string;
  message: string;
}

export interface CriStatusResponse {
  status: { conditions: CriRuntimeCondition[] } | null;
}

export interface CriSandboxMetadata {
  name: string;
  uid: string;
  namespace: string;
  attempt: number;
}

export type CriSandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';
export type CriNamespaceMode = 'POD' | 'CONTAINER' | 'NODE' | 'TARGET';

export interface CriPodSandbox {
  id: string;
  metadata: CriSandboxMetadata | null;
  state: CriSandboxState;
  createdAt: string;
  labels: Labels;
  annotations: Labels;
}

export interface CriPodSandboxStatus extends CriPodSandbox {
  network: { ip: string; additionalIps: { ip: string }[] } | null;
  linux: { namespaces: { options: { network: CriNamespaceMode } | null } | null } | null;
}

export interface CriPodSandboxStatusResponse {
  status: CriPodSandboxStatus | null;
}

export interface CriListPodSandboxResponse {
  items: CriPodSandbox[];
}

export interface CriRunPodSandboxResponse {
  podSandboxId: string;
}

export type CriContainerState = 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';

export interface CriContainerMetadata {
  name: string;
  attempt: number;
}

export interface CriContainer {
  id: string;
  podSandboxId: string;
  metadata: CriContainerMetadata | null;
  image: { image: string } | null;
  imageRef: string;
  state: CriContainerState;
  createdAt: string;
  labels: Labels;
  annotations: Labels;
}

export interface CriListContainersResponse {
  containers: CriContainer[];
}

export interface CriContainerStatus {
  id: string;
  metadata: CriContainerMetadata | null;
  state: CriContainerState;
  createdAt: string;
  startedAt: string;
  finishedAt: string;
  exitCode: number;
  image: { image: string } | null;
  imageRef: string;
  reason: string;
  message: string;
  labels: Labels;
  annotations: Labels;
  logPath: string;
}

export interface CriContainerStatusResponse {
  status: CriContainerStatus | null;
}

export interface CriCreateContainerResponse {
  containerId: string;
}

export interface CriExecSyncResponse {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number;
}

export interface CriUrlResponse {
  url: string;
}

interface CriUInt64Value {
  value: string;
}

export interface CriContainerStatsResponse {
  stats: {
    attributes: { id: string } | null;
    cpu: { timestamp: string; usageCoreNanoSeconds: CriUInt64Value | null } | null;
    memory: { timestamp: string; workingSetBytes: CriUInt64Value | null; usageBytes: CriUInt64Value | null } | null;
  } | null;
}

export interface CriImage {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: string;
}

export interface CriImageStatusResponse {
  image: CriImage | null;
}

export interface CriListImagesResponse {
  images: CriImage[];
}

export interface CriPullImageResponse {
  imageRef: string;
}
