import type { DaemonSet, Node, Pod } from '../../api/kinds.js';
import { REVISION_HASH_LABEL } from '../history/controller-revisions.js';
import { PodReadiness } from '../util/pod-readiness.js';
import type { Eligibility } from './node-eligibility.js';

export interface ManagePlan {
  readonly nodesToCreate: string[];
  readonly podsToDelete: Pod[];
  /** Failed pods among podsToDelete, for the FailedDaemonPod event. */
  readonly failed: Pod[];
}

export interface ManageInput {
  readonly set: DaemonSet;
  readonly nodes: readonly Node[];
  readonly eligibility: ReadonlyMap<string, Eligibility>;
  /** Every pod of the set by target node, terminating ones included. */
  readonly byNode: ReadonlyMap<string, readonly Pod[]>;
  readonly hash: string;
  readonly surge: boolean;
  readonly now: number;
}

/** With surge, a node may keep its oldest new pod and oldest old pod until the new one is available. */
function extraPodsWithSurge(running: readonly Pod[], input: ManageInput): Pod[] {
  const extra: Pod[] = [];
  let oldestNew: Pod | undefined;
  let oldestOld: Pod | undefined;
  for (const pod of running) {
    const isNew = pod.metadata.labels?.[REVISION_HASH_LABEL] === input.hash;
    if (isNew && oldestNew === undefined) oldestNew = pod;
    else if (!isNew && oldestOld === undefined) oldestOld = pod;
    else extra.push(pod);
  }
  if (oldestNew !== undefined && oldestOld !== undefined) {
    if (!PodReadiness.isReady(oldestOld)) extra.push(oldestOld);
    else if (PodReadiness.isAvailable(oldestNew, input.set.spec?.minReadySeconds ?? 0, input.now)) extra.push(oldestOld);
  }
  return extra;
}

/**
 * Upstream's manage: a pod for each node that should run one and has none; failed
 * pods and duplicates removed; pods removed from nodes that may no longer run them.
 * Pods whose node is gone are removed too (upstream leaves bound ones to pod GC).
 */
export function planDaemonPods(input: ManageInput): ManagePlan {
  const plan: ManagePlan = { nodesToCreate: [], podsToDelete: [], failed: [] };
  const known = new Set(input.nodes.map((node) => node.metadata.name ?? ''));
  for (const node of input.nodes) {
    const name = node.metadata.name ?? '';
    const pods = input.byNode.get(name) ?? [];
    const { shouldRun, shouldContinueRunning } = input.eligibility.get(name) ?? { shouldRun: false, shouldContinueRunning: false };
    if (shouldRun && pods.length === 0) {
      plan.nodesToCreate.push(name);
      continue;
    }
    const live = pods.filter((pod) => !PodReadiness.isTerminating(pod));
    if (!shouldContinueRunning) {
      plan.podsToDelete.push(...live);
      continue;
    }
    const running: Pod[] = [];
    for (const pod of live) {
      if (pod.status?.phase === 'Failed') {
        plan.podsToDelete.push(pod);
        plan.failed.push(pod);
      } else running.push(pod);
    }
    running.sort(PodReadiness.byAge);
    if (running.length <= 1) continue;
    plan.podsToDelete.push(...(input.surge ? extraPodsWithSurge(running, input) : running.slice(1)));
  }
  for (const [node, pods] of input.byNode) {
    if (!known.has(node)) plan.podsToDelete.push(...pods.filter((pod) => !PodReadiness.isTerminating(pod)));
  }
  return plan;
}
