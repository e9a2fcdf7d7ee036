import type { IContainerStatus } from 'kubernetes-models/v1/ContainerStatus';
import type { IPodCondition } from 'kubernetes-models/v1/PodCondition';
import type { Pod } from '../../api/kinds.js';
import { rfc3339 } from '../../util/clock.js';
import type { ContainerStatus } from '../runtime/container-runtime.js';
import type { PodContainer } from '../volumes/pod-volumes.js';
import { qosClass } from './container-resources.js';

export interface WaitingReason {
  readonly reason: string;
  readonly message: string;
}

/** What the worker knows about one container of the pod spec. */
export interface ContainerView {
  readonly spec: PodContainer;
  /** The newest instance in the current sandbox. */
  readonly latest?: ContainerStatus;
  /** The instance before it (for lastState). */
  readonly previous?: ContainerStatus;
  /** Why it is not running, when the worker decided that (back-off, image or config errors). */
  readonly waiting?: WaitingReason;
  readonly ready: boolean;
  readonly started: boolean;
}

export interface PodStatusInput {
  readonly pod: Pod;
  readonly initContainers: readonly ContainerView[];
  readonly containers: readonly ContainerView[];
  readonly sandboxReady: boolean;
  readonly podIps: readonly string[];
  readonly hostIp: string;
  readonly startTime: number;
  readonly now: number;
}

export type PodStatus = NonNullable<Pod['status']>;

export const CONTAINERD_ID_PREFIX = 'containerd://';

/** The pod's status as the kubelet writes it (generateAPIPodStatus). */
export function podStatus(input: PodStatusInput): PodStatus {
  const { pod } = input;
  const initStatuses = input.initContainers.map((view) => containerStatus(view, 'PodInitializing'));
  const initDone = input.initContainers.every((view) => view.latest?.state === 'exited' && view.latest.exitCode === 0);
  const statuses = input.containers.map((view) => containerStatus(view, initDone ? 'ContainerCreating' : 'PodInitializing'));
  const phase = podPhase(pod, initStatuses, statuses, initDone);
  const previous = pod.status?.conditions ?? [];
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const unready = statuses.filter((status) => !status.ready).map((status) => status.name);
  const incomplete = input.initContainers.filter((view) => !(view.latest?.state === 'exited' && view.latest.exitCode === 0)).map((view) => view.spec.name);
  const now = rfc3339(input.now);
  const condition = (type: string, ok: boolean, reason?: string, message?: string): IPodCondition => {
    const status = ok ? 'True' : 'False';
    const before = previous.find((entry) => entry.type === type);
    return {
      type,
      status,
      lastTransitionTime: before?.status === status && before.lastTransitionTime !== undefined ? before.lastTransitionTime : now,
      ...(reason === undefined ? {} : { reason }),
      ...(message === undefined ? {} : { message }),
    };
  };
  const containersReady = terminal
    ? condition('ContainersReady', false, 'PodCompleted')
    : unready.length === 0
      ? condition('ContainersReady', true)
      : condition('ContainersReady', false, 'ContainersNotReady', `containers with unready status: [${unready.join(' ')}]`);
  const ready = { ...containersReady, type: 'Ready', lastTransitionTime: transitionOf(previous, 'Ready', containersReady.status, now) };
  const conditions: IPodCondition[] = [
    condition('PodReadyToStartContainers', input.sandboxReady),
    incomplete.length === 0 || terminal
      ? condition('Initialized', true)
      : condition('Initialized', false, 'ContainersNotInitialized', `containers with incomplete status: [${incomplete.join(' ')}]`),
    ready,
    containersReady,
    ...previous.filter((entry) => entry.type === 'PodScheduled'),
  ];
  return {
    phase,
    conditions,
    hostIP: input.hostIp,
    hostIPs: [{ ip: input.hostIp }],
    ...(input.podIps.length === 0 ? {} : { podIP: input.podIps[0], podIPs: input.podIps.map((ip) => ({ ip })) }),
    startTime: pod.status?.startTime ?? rfc3339(input.startTime),
    ...(input.initContainers.length === 0 ? {} : { initContainerStatuses: initStatuses }),
    containerStatuses: statuses,
    qosClass: pod.status?.qosClass ?? qosClass(pod),
  };
}

function transitionOf(previous: readonly IPodCondition[], type: string, status: string, now: string): string {
  const before = previous.find((entry) => entry.type === type);
  return before?.status === status && before.lastTransitionTime !== undefined ? before.lastTransitionTime : now;
}

function terminated(instance: ContainerStatus): NonNullable<IContainerStatus['state']> {
  return {
    terminated: {
      exitCode: instance.exitCode,
      reason: instance.reason === '' ? (instance.exitCode === 0 ? 'Completed' : 'Error') : instance.reason,
      ...(instance.message === '' ? {} : { message: instance.message }),
      ...(instance.startedAt === undefined ? {} : { startedAt: rfc3339(instance.startedAt) }),
      ...(instance.finishedAt === undefined ? {} : { finishedAt: rfc3339(instance.finishedAt) }),
      containerID: `${CONTAINERD_ID_PREFIX}${instance.id}`,
    },
  };
}

function containerStatus(view: ContainerView, defaultWaiting: string): IContainerStatus {
  const { latest, previous, spec } = view;
  const restartCount = latest?.attempt ?? 0;
  let state: NonNullable<IContainerStatus['state']>;
  let lastState: NonNullable<IContainerStatus['lastState']> = previous?.state === 'exited' ? terminated(previous) : {};
  if (latest?.state === 'running') {
    state = { running: { startedAt: rfc3339(latest.startedAt ?? latest.createdAt) } };
  } else if (latest?.state === 'exited' && view.waiting !== undefined) {
    state = { waiting: { reason: view.waiting.reason, message: view.waiting.message } };
    lastState = terminated(latest);
  } else if (latest?.state === 'exited') {
    state = terminated(latest);
  } else {
    const waiting = view.waiting ?? { reason: defaultWaiting, message: '' };
    state = { waiting: waiting.message === '' ? { reason: waiting.reason } : { reason: waiting.reason, message: waiting.message } };
  }
  return {
    name: spec.name,
    image: spec.image ?? '',
    imageID: latest?.imageRef ?? '',
    ...(latest === undefined ? {} : { containerID: `${CONTAINERD_ID_PREFIX}${latest.id}` }),
    ready: view.ready && latest?.state === 'running',
    started: view.started && latest?.state === 'running',
    restartCount,
    state,
    lastState,
  };
}

function podPhase(pod: Pod, initStatuses: readonly IContainerStatus[], statuses: readonly IContainerStatus[], initDone: boolean): 'Pending' | 'Running' | 'Succeeded' | 'Failed' {
  const restartPolicy = pod.spec?.restartPolicy ?? 'Always';
  if (!initDone) {
    const failedInit = initStatuses.some((status) => (status.state?.terminated?.exitCode ?? 0) !== 0 || (status.lastState?.terminated?.exitCode ?? 0) !== 0);
    return failedInit && restartPolicy === 'Never' ? 'Failed' : 'Pending';
  }
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const status of statuses) {
    if (status.state?.running !== undefined) running += 1;
    else if (status.state?.terminated !== undefined) {
      stopped += 1;
      if (status.state.terminated.exitCode === 0) succeeded += 1;
    } else if (status.lastState?.terminated !== undefined) stopped += 1;
    else waiting += 1;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped === statuses.length && statuses.length > 0) {
    if (restartPolicy === 'Always') return 'Running';
    if (restartPolicy === 'OnFailure') return succeeded === statuses.length ? 'Succeeded' : 'Running';
    return succeeded === statuses.length ? 'Succeeded' : 'Failed';
  }
  return 'Pending';
}
