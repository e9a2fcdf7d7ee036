import { fromLabelSelector } from '../../api/label-selector.js';
import type { ApiObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';
import { findResource } from '../../api/resources.js';
import type { Storage } from '../../storage/interface.js';
import { apiErrors } from '../http/api-error.js';
import { listObjects } from '../registry/list-objects.js';
import type { ObjectStore } from '../registry/object-store.js';

/**
 * `POST pods/NAME/eviction` (what `kubectl drain` sends): deletes the pod unless a
 * PodDisruptionBudget that selects it allows no more disruptions, in which case the
 * answer is 429 TooManyRequests, as upstream. The budget's `disruptionsAllowed` comes
 * from its status, which the disruption controller keeps; a budget without status
 * allows nothing yet.
 */
export async function evictPod(
  store: ObjectStore,
  storage: Storage,
  info: ResourceInfo,
  namespace: string | undefined,
  name: string,
  eviction: unknown,
  dryRun: boolean,
): Promise<void> {
  const pod = await store.get(info, namespace, name);
  const budgets = findResource('policy', 'v1', 'poddisruptionbudgets');
  if (budgets !== undefined && pod.metadata.deletionTimestamp === undefined && !isFinished(pod)) {
    const { items } = await listObjects(storage, budgets, {
      namespace,
      matches: (budget) => selects(budget, pod),
    });
    if (items.length > 1) {
      throw apiErrors.internal('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    }
    const [budget] = items;
    if (budget !== undefined) {
      const status = isPlainObject(budget.status) ? budget.status : {};
      const allowed = typeof status.disruptionsAllowed === 'number' ? status.disruptionsAllowed : 0;
      if (allowed < 1) {
        throw apiErrors.tooManyRequests('Cannot evict pod as it would violate the pod\'s disruption budget.', [
          {
            reason: 'DisruptionBudget',
            message: `The disruption budget ${budget.metadata.name ?? ''} needs ${count(status.desiredHealthy)} healthy pods and has ${count(status.currentHealthy)} currently`,
          },
        ]);
      }
    }
  }
  const options = isPlainObject(eviction) && isPlainObject(eviction.deleteOptions) ? eviction.deleteOptions : {};
  const preconditions = isPlainObject(options.preconditions) ? (options.preconditions as { uid?: string; resourceVersion?: string }) : undefined;
  await store.delete(info, namespace, name, {
    dryRun: dryRun || (Array.isArray(options.dryRun) && options.dryRun.includes('All')),
    ...(preconditions === undefined ? {} : { preconditions }),
  });
}

function count(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

function isFinished(pod: ApiObject): boolean {
  const phase = isPlainObject(pod.status) ? pod.status.phase : undefined;
  return phase === 'Succeeded' || phase === 'Failed';
}

function selects(budget: ApiObject, pod: ApiObject): boolean {
  const spec = isPlainObject(budget.spec) ? budget.spec : {};
  const { selector } = fromLabelSelector(spec.selector);
  return selector?.matches(pod.metadata.labels ?? {}) === true;
}
