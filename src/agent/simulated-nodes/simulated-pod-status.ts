import type { IContainerStatus } from 'kubernetes-models/v1/ContainerStatus';
import type { IPodCondition } from 'kubernetes-models/v1/PodCondition';
import type { Pod } from '../../api/kinds.js';
import { rfc3339 } from '../../util/clock.js';
import type { PodBehaviour } from './pod-behaviour.js';

type PodStatus = NonNullable<Pod['status']>;

export interface PodPlacement {
  readonly hostIp: string;
  readonly podIp: string;
}

export interface SimulatedStatus {
  readonly status: PodStatus;
  /** When the status will change by itself (containers exit), if ever. */
  readonly changesAt: number | undefined;
}

/**
 * The status a kubelet would report for `pod` at `now` if its containers behave as
 * `behaviour` says: running since `startedAt` (else its start time), then exited (Succeeded or Failed
 * for restartPolicy Never, crash-looping for OnFailure and Always).
 */
export function simulatedPodStatus(pod: Pod, behaviour: PodBehaviour, placement: PodPlacement, now: number, startedAt?: number): SimulatedStatus {
  const current = pod.status ?? {};
  const startTime = current.startTime ?? rfc3339(startedAt ?? now);
  const started = startedAt ?? Date.parse(startTime);
  const endsAt = started + behaviour.runMs;
  const exited = now >= endsAt;
  const restartPolicy = pod.spec?.restartPolicy ?? 'Always';
  const failed = exited && behaviour.exitCode !== 0;
  const terminal = exited && (restartPolicy === 'Never' || (!failed && restartPolicy === 'OnFailure'));
  const phase = !terminal ? 'Running' : failed ? 'Failed' : 'Succeeded';
  const exitedAt = rfc3339(Math.min(now, endsAt));
  const containers = (pod.spec?.containers ?? []).map((container): IContainerStatus => {
    const base = { name: container.name, image: container.image ?? '', imageID: `sim://${container.image ?? ''}`, containerID: `sim://${pod.metadata.uid ?? ''}/${container.name}` };
    const terminated = { exitCode: behaviour.exitCode, reason: failed ? 'Error' : 'Completed', startedAt: startTime, finishedAt: exitedAt, containerID: base.containerID };
    if (!exited) return { ...base, ready: true, started: true, restartCount: 0, state: { running: { startedAt: startTime } } };
    if (terminal) return { ...base, ready: false, started: false, restartCount: 0, state: { terminated } };
    return {
      ...base,
      ready: false,
      started: false,
      restartCount: 1,
      state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off restarting failed container ${container.name} in pod ${pod.metadata.name ?? ''}` } },
      lastState: { terminated },
    };
  });
  const initContainers = (pod.spec?.initContainers ?? []).map((container): IContainerStatus => ({
    name: container.name,
    image: container.image ?? '',
    imageID: `sim://${container.image ?? ''}`,
    containerID: `sim://${pod.metadata.uid ?? ''}/${container.name}`,
    ready: true,
    started: false,
    restartCount: 0,
    state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: startTime, finishedAt: startTime } },
  }));
  const ready = !exited;
  const notReadyReason = terminal ? 'PodCompleted' : 'ContainersNotReady';
  const nowText = rfc3339(now);
  const conditions = [
    condition(pod, { type: 'PodReadyToStartContainers', status: terminal ? 'False' : 'True' }, nowText),
    condition(pod, { type: 'Initialized', status: 'True', ...(initContainers.length === 0 ? {} : { reason: 'PodCompleted' }) }, nowText),
    condition(pod, ready ? { type: 'Ready', status: 'True' } : { type: 'Ready', status: 'False', reason: notReadyReason }, nowText),
    condition(pod, ready ? { type: 'ContainersReady', status: 'True' } : { type: 'ContainersReady', status: 'False', reason: notReadyReason }, nowText),
    condition(pod, { type: 'PodScheduled', status: 'True' }, nowText),
  ];
  const others = (current.conditions ?? []).filter((existing) => !conditions.some((own) => own.type === existing.type));
  const podIps = [{ ip: placement.podIp }];
  return {
    status: {
      ...current,
      phase,
      conditions: [...others, ...conditions],
      hostIP: placement.hostIp,
      hostIPs: [{ ip: placement.hostIp }],
      podIP: placement.podIp,
      podIPs: podIps,
      startTime,
      containerStatuses: containers,
      ...(initContainers.length === 0 ? {} : { initContainerStatuses: initContainers }),
    },
    changesAt: exited || !Number.isFinite(endsAt) ? undefined : endsAt,
  };
}

function condition(pod: Pod, wanted: Omit<IPodCondition, 'lastTransitionTime'>, now: string): IPodCondition {
  const previous = pod.status?.conditions?.find((existing) => existing.type === wanted.type);
  const lastTransitionTime = previous?.status === wanted.status && previous.lastTransitionTime !== undefined ? previous.lastTransitionTime : now;
  return { ...wanted, lastTransitionTime };
}
