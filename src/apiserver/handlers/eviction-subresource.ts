import { fromLabelSelector } from '../../api/label-selector.js';
import type { ApiObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';
import { findResource } from '../../api/resources.js';
import type { Storage } from '../../storage/interface.js';
import { ApiError, apiErrors } from '../http/api-error.js';
import { listObjects } from '../registry/list-objects.js';
import type { ObjectStore } from '../registry/object-store.js';

/**
 * `POST pods/NAME/eviction` (what `kubectl drain` sends): deletes the pod unless a
 * PodDisruptionBudget that selects it allows no more disruptions, in which case the
 * answer is 429 TooManyRequests, as upstream. The budget's `disruptionsAllowed` comes
 * from its status, which the disruption controller keeps; a budget without status
 * allows nothing yet. An allowed eviction takes one disruption from the budget (and
 * records the pod in `disruptedPods`) with a compare-and-swap on the budget before the
 * pod is deleted, so concurrent evictions cannot overdraw it.
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
    if (budget !== undefined) await takeDisruption(store, budgets, budget, name, dryRun);
  }
  const options = isPlainObject(eviction) && isPlainObject(eviction.deleteOptions) ? eviction.deleteOptions : {};
  const preconditions = isPlainObject(options.preconditions) ? (options.preconditions as { uid?: string; resourceVersion?: string }) : undefined;
  await store.delete(info, namespace, name, {
    dryRun: dryRun || (Array.isArray(options.dryRun) && options.dryRun.includes('All')),
    ...(preconditions === undefined ? {} : { preconditions }),
  });
}

const VIOLATION = 'Cannot evict pod as it would violate the pod\'s disruption budget.';

async function takeDisruption(store: ObjectStore, budgets: ResourceInfo, budget: ApiObject, podName: string, dryRun: boolean): Promise<void> {
  const budgetName = budget.metadata.name ?? '';
  const status = isPlainObject(budget.status) ? budget.status : {};
  if (count(status.observedGeneration) < (budget.metadata.generation ?? 0)) {
    throw apiErrors.tooManyRequests(VIOLATION, [{ reason: 'DisruptionBudget', message: `The disruption budget ${budgetName} is still being processed by the server.` }]);
  }
  const allowed = count(status.disruptionsAllowed);
  if (allowed < 1) {
    throw apiErrors.tooManyRequests(VIOLATION, [
      {
        reason: 'DisruptionBudget',
        message: `The disruption budget ${budgetName} needs ${count(status.desiredHealthy)} healthy pods and has ${count(status.currentHealthy)} currently`,
      },
    ]);
  }
  if (dryRun) return;
  const disruptedPods = isPlainObject(status.disruptedPods) ? status.disruptedPods : {};
  try {
    await store.update(
      budgets,
      budget.metadata.namespace,
      budgetName,
      (current) => ({
        ...current,
        metadata: { ...current.metadata, resourceVersion: budget.metadata.resourceVersion ?? '' },
        status: { ...status, disruptionsAllowed: allowed - 1, disruptedPods: { ...disruptedPods, [podName]: new Date().toISOString().replace(/\.\d+Z$/, 'Z') } },
      }),
      { dryRun: false, subresource: 'status' },
    );
  } catch (error) {
    if (error instanceof ApiError && error.reason === 'Conflict') {
      throw apiErrors.tooManyRequests(`Operation cannot be fulfilled on poddisruptionbudgets.policy "${budgetName}": the object has been modified; please apply your changes to the latest version and try again`, []);
    }
    throw error;
  }
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
