import type { DaemonSet, Node, Pod } from '../../api/kinds.js';
import { PodReadiness } from '../util/pod-readiness.js';
import type { Eligibility } from './node-eligibility.js';
import { DaemonPodTemplate, templateGeneration } from './daemon-pod-template.js';

export type DaemonSetStatus = NonNullable<DaemonSet['status']>;

export interface DaemonSetStatusInput {
  readonly set: DaemonSet;
  readonly nodes: readonly Node[];
  readonly eligibility: ReadonlyMap<string, Eligibility>;
  /** The set's live (not terminating) pods by node. */
  readonly byNode: ReadonlyMap<string, readonly Pod[]>;
  readonly hash: string;
  readonly collisionCount: number;
  readonly now: number;
}

/** Upstream's DaemonSet status, judging each node by its oldest daemon pod; also when a pod becomes available next. */
export function daemonSetStatus(input: DaemonSetStatusInput): { status: DaemonSetStatus; nextAvailableAt: number | undefined } {
  const { set, nodes, eligibility, byNode, hash, now } = input;
  const minReadySeconds = set.spec?.minReadySeconds ?? 0;
  const generation = templateGeneration(set);
  let desired = 0;
  let scheduled = 0;
  let misscheduled = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  let nextAvailableAt: number | undefined;
  for (const node of nodes) {
    const pods = [...(byNode.get(node.metadata.name ?? '') ?? [])].sort(PodReadiness.byAge);
    const oldest = pods[0];
    if (eligibility.get(node.metadata.name ?? '')?.shouldRun !== true) {
      if (oldest !== undefined) misscheduled++;
      continue;
    }
    desired++;
    if (oldest === undefined) continue;
    scheduled++;
    if (PodReadiness.isReady(oldest)) {
      ready++;
      const at = PodReadiness.availableAt(oldest, minReadySeconds) ?? 0;
      if (at <= now) available++;
      else nextAvailableAt = Math.min(nextAvailableAt ?? at, at);
    }
    if (DaemonPodTemplate.isUpdated(oldest, hash, generation)) updated++;
  }
  const status: DaemonSetStatus = {
    observedGeneration: set.metadata.generation ?? 0,
    desiredNumberScheduled: desired,
    currentNumberScheduled: scheduled,
    numberMisscheduled: misscheduled,
    numberReady: ready,
    updatedNumberScheduled: updated,
    numberAvailable: available,
    numberUnavailable: desired - available,
    ...(input.collisionCount === 0 ? {} : { collisionCount: input.collisionCount }),
    ...(set.status?.conditions === undefined ? {} : { conditions: set.status.conditions }),
  };
  return { status, nextAvailableAt };
}
