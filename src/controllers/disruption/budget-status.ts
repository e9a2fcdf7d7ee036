import type { IPodDisruptionBudgetStatus } from 'kubernetes-models/policy/v1/PodDisruptionBudgetStatus';
import type { Pod, PodDisruptionBudget } from '../../api/kinds.js';
import { PodReadiness } from '../util/pod-readiness.js';

export type BudgetStatus = IPodDisruptionBudgetStatus;
type Condition = NonNullable<BudgetStatus['conditions']>[number];

export interface BudgetCounts {
  readonly expectedPods: number;
  readonly desiredHealthy: number;
  readonly disruptedPods: Readonly<Record<string, string>>;
}

/** Ready pods that are neither being deleted nor pending an eviction. */
export function countHealthy(pods: readonly Pod[], disrupted: Readonly<Record<string, string>>): number {
  return pods.filter(
    (pod) =>
      pod.metadata.deletionTimestamp === undefined &&
      !Object.hasOwn(disrupted, pod.metadata.name ?? '') &&
      PodReadiness.isReady(pod),
  ).length;
}

/** The budget's status from its counts: disruptions allowed are the healthy pods beyond the desired ones. */
export function budgetStatus(budget: PodDisruptionBudget, currentHealthy: number, counts: BudgetCounts, now: string): BudgetStatus {
  const surplus = currentHealthy - counts.desiredHealthy;
  const disruptionsAllowed = counts.expectedPods <= 0 || surplus <= 0 ? 0 : surplus;
  const allowed = disruptionsAllowed > 0;
  return {
    ...(budget.metadata.generation === undefined ? {} : { observedGeneration: budget.metadata.generation }),
    ...(Object.keys(counts.disruptedPods).length === 0 ? {} : { disruptedPods: { ...counts.disruptedPods } }),
    disruptionsAllowed,
    currentHealthy,
    desiredHealthy: counts.desiredHealthy,
    expectedPods: counts.expectedPods,
    conditions: [allowedCondition(budget, allowed ? 'True' : 'False', allowed ? 'SufficientPods' : 'InsufficientPods', '', now)],
  };
}

/** The status after a failed sync: nothing may be disrupted until the budget can be computed again. */
export function failSafeStatus(budget: PodDisruptionBudget, message: string, now: string): BudgetStatus {
  const previous = budget.status;
  return {
    ...(budget.metadata.generation === undefined ? {} : { observedGeneration: budget.metadata.generation }),
    ...(previous?.disruptedPods === undefined ? {} : { disruptedPods: previous.disruptedPods }),
    disruptionsAllowed: 0,
    currentHealthy: previous?.currentHealthy ?? 0,
    desiredHealthy: previous?.desiredHealthy ?? 0,
    expectedPods: previous?.expectedPods ?? 0,
    conditions: [allowedCondition(budget, 'False', 'SyncFailed', message, now)],
  };
}

function allowedCondition(budget: PodDisruptionBudget, status: 'True' | 'False', reason: string, message: string, now: string): Condition {
  const previous = budget.status?.conditions?.find((condition) => condition.type === 'DisruptionAllowed');
  return {
    type: 'DisruptionAllowed',
    status,
    reason,
    message,
    ...(budget.metadata.generation === undefined ? {} : { observedGeneration: budget.metadata.generation }),
    lastTransitionTime: previous?.status === status ? previous.lastTransitionTime : now,
  };
}
