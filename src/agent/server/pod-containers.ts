import type { ContainerRuntime, ContainerSummary, SandboxSummary } from '../runtime/container-runtime.js';

export const POD_NAME_LABEL = 'io.kubernetes.pod.name';
export const POD_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
export const POD_UID_LABEL = 'io.kubernetes.pod.uid';
export const CONTAINER_NAME_LABEL = 'io.kubernetes.container.name';
export const RESTART_COUNT_ANNOTATION = 'io.kubernetes.container.restartCount';

export interface PodRef {
  readonly namespace: string;
  readonly name: string;
  readonly uid?: string;
}

/** Finds a pod's sandboxes and containers in the runtime by the labels the pod worker sets. */
export class PodContainers {
  readonly #runtime: ContainerRuntime;

  constructor(runtime: ContainerRuntime) {
    this.#runtime = runtime;
  }

  /** The attempts of one container, newest (highest restart count) first. */
  async attempts(pod: PodRef, container: string): Promise<ContainerSummary[]> {
    const containers = await this.#runtime.listContainers({ labels: { ...podLabels(pod), [CONTAINER_NAME_LABEL]: container } });
    return containers.sort((a, b) => restartCount(b) - restartCount(a) || b.createdAt - a.createdAt);
  }

  async running(pod: PodRef, container: string): Promise<ContainerSummary | undefined> {
    return (await this.attempts(pod, container)).find((candidate) => candidate.state === 'running');
  }

  async readySandbox(pod: PodRef): Promise<SandboxSummary | undefined> {
    const sandboxes = await this.#runtime.listPodSandboxes({ state: 'ready', labels: podLabels(pod) });
    return sandboxes.sort((a, b) => b.createdAt - a.createdAt)[0];
  }
}

function podLabels(pod: PodRef): Record<string, string> {
  return {
    [POD_NAMESPACE_LABEL]: pod.namespace,
    [POD_NAME_LABEL]: pod.name,
    ...(pod.uid === undefined ? {} : { [POD_UID_LABEL]: pod.uid }),
  };
}

function restartCount(container: ContainerSummary): number {
  const annotated = Number(container.annotations[RESTART_COUNT_ANNOTATION]);
  return Number.isInteger(annotated) ? annotated : container.attempt;
}
