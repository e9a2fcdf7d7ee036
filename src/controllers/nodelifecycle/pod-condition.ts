import type { IPodCondition } from 'kubernetes-models/v1/PodCondition';
import type { Pod } from '../../api/kinds.js';

export function podCondition(pod: Pod, type: string): IPodCondition | undefined {
  return pod.status?.conditions?.find((condition) => condition.type === type);
}

/** The pod's conditions with `type` set as given; the transition time moves only when the status changes. */
export function withPodCondition(pod: Pod, condition: Omit<IPodCondition, 'lastTransitionTime'>, now: string): IPodCondition[] {
  const conditions = pod.status?.conditions ?? [];
  const previous = conditions.find((existing) => existing.type === condition.type);
  const lastTransitionTime = previous?.status === condition.status ? (previous.lastTransitionTime ?? now) : now;
  const next: IPodCondition = { ...condition, lastTransitionTime };
  return previous === undefined
    ? [...conditions, next]
    : conditions.map((existing) => (existing.type === condition.type ? next : existing));
}
