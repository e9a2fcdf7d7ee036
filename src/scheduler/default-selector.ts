import type { Pod, ReplicaSet, Service, StatefulSet } from '../api/kinds.js';
import { fromLabelSelector, LabelSelector } from '../api/label-selector.js';
import type { LabelRequirement } from '../api/label-requirement.js';

/** Cached lookups of the objects whose selectors a pod's default spreading uses. */
export interface SelectorSources {
  servicesIn(namespace: string): readonly Service[];
  replicaSet(namespace: string, name: string): ReplicaSet | undefined;
  statefulSet(namespace: string, name: string): StatefulSet | undefined;
}

/**
 * Upstream's DefaultSelector: the requirements of every Service selecting the pod
 * and of its controlling ReplicaSet or StatefulSet, combined; undefined if none.
 */
export function defaultSelector(pod: Pod, sources: SelectorSources): LabelSelector | undefined {
  const namespace = pod.metadata.namespace ?? 'default';
  const labels = pod.metadata.labels ?? {};
  const requirements: LabelRequirement[] = [];
  for (const service of sources.servicesIn(namespace)) {
    const selector = service.spec?.selector;
    if (selector === undefined || Object.keys(selector).length === 0) continue;
    if (!Object.entries(selector).every(([key, value]) => labels[key] === value)) continue;
    for (const [key, value] of Object.entries(selector)) requirements.push({ key, operator: 'in', values: [value] });
  }
  const owner = pod.metadata.ownerReferences?.find((reference) => reference.controller === true);
  if (owner !== undefined && owner.apiVersion === 'apps/v1') {
    const controller =
      owner.kind === 'ReplicaSet' ? sources.replicaSet(namespace, owner.name) : owner.kind === 'StatefulSet' ? sources.statefulSet(namespace, owner.name) : undefined;
    const selector = controller === undefined ? undefined : fromLabelSelector(controller.spec?.selector).selector;
    if (selector !== undefined && !selector.isNothing()) requirements.push(...selector.requirements);
  }
  return requirements.length === 0 ? undefined : LabelSelector.of(requirements);
}
