import { fromLabelSelector } from '../../api/label-selector.js';
import type { Pod, PodDisruptionBudget } from '../../api/kinds.js';
import { resourceOf } from '../../client/api-client.js';
import type { Informer } from '../../client/informer.js';
import { rfc3339 } from '../../util/clock.js';
import { errorMessage } from '../../util/errors.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import type { ReconcileResult, Reconciler } from '../runtime/reconciler.js';
import { budgetStatus, countHealthy, failSafeStatus, type BudgetCounts, type BudgetStatus } from './budget-status.js';
import { pendingDisruptions } from './disrupted-pods.js';
import type { ExpectedScale } from './expected-scale.js';
import { scaledValue } from '../util/int-or-percent.js';

const BUDGETS = resourceOf('policy/v1', 'PodDisruptionBudget');
const FAILED_SYNC_RECHECK_MS = 10_000;

/** Keeps one PodDisruptionBudget's status: healthy, desired and expected pods, and how many may be disrupted. */
export class DisruptionReconciler implements Reconciler {
  readonly #context: ControllerContext;
  readonly #budgets: Informer<PodDisruptionBudget>;
  readonly #pods: Informer<Pod>;
  readonly #scale: ExpectedScale;

  constructor(context: ControllerContext, caches: { budgets: Informer<PodDisruptionBudget>; pods: Informer<Pod> }, scale: ExpectedScale) {
    this.#context = context;
    this.#budgets = caches.budgets;
    this.#pods = caches.pods;
    this.#scale = scale;
  }

  async reconcile(key: string): Promise<ReconcileResult | undefined> {
    const budget = this.#budgets.getByKey(key);
    if (budget === undefined) return undefined;
    const now = this.#context.clock.now();
    const pods = selectedPods(budget, this.#pods.list(budget.metadata.namespace));
    if (pods.length === 0) this.#context.recorder.event(budget, 'Normal', 'NoPods', 'No matching pods found');
    let counts: BudgetCounts;
    let recheckAt: number | undefined;
    try {
      const disrupted = pendingDisruptions(budget.status?.disruptedPods, pods, now);
      recheckAt = disrupted.recheckAt;
      counts = { ...(await this.#desired(budget, pods)), disruptedPods: disrupted.pods };
    } catch (error) {
      const message = errorMessage(error);
      this.#context.recorder.event(budget, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${message}`);
      await this.#write(budget, failSafeStatus(budget, message, rfc3339(now)));
      return { requeueAfterMs: FAILED_SYNC_RECHECK_MS };
    }
    const status = budgetStatus(budget, countHealthy(pods, counts.disruptedPods), counts, rfc3339(now));
    await this.#write(budget, status);
    return recheckAt === undefined ? undefined : { requeueAfterMs: Math.max(0, recheckAt - now) + 1 };
  }

  /** Expected pods and desired healthy ones, from minAvailable or maxUnavailable as upstream computes them. */
  async #desired(budget: PodDisruptionBudget, pods: readonly Pod[]): Promise<{ expectedPods: number; desiredHealthy: number }> {
    const { minAvailable, maxUnavailable } = budget.spec ?? {};
    if (maxUnavailable !== undefined) {
      const expectedPods = await this.#expectedFromControllers(budget, pods);
      return { expectedPods, desiredHealthy: Math.max(0, expectedPods - scaledValue(maxUnavailable, expectedPods, true)) };
    }
    if (typeof minAvailable === 'number') return { expectedPods: pods.length, desiredHealthy: minAvailable };
    if (typeof minAvailable === 'string') {
      const expectedPods = await this.#expectedFromControllers(budget, pods);
      return { expectedPods, desiredHealthy: scaledValue(minAvailable, expectedPods, true) };
    }
    return { expectedPods: 0, desiredHealthy: 0 };
  }

  async #expectedFromControllers(budget: PodDisruptionBudget, pods: readonly Pod[]): Promise<number> {
    const expected = await this.#scale.of(pods);
    if (expected.unmanaged.length > 0) {
      this.#context.recorder.event(
        budget,
        'Warning',
        'UnmanagedPods',
        `Pods ${expected.unmanaged.join(', ')} selected by this budget have no controller, so they do not count towards the expected pods; use an integer minAvailable to count them`,
      );
    }
    return expected.count;
  }

  async #write(budget: PodDisruptionBudget, status: BudgetStatus): Promise<void> {
    if (JSON.stringify(comparable(budget.status)) === JSON.stringify(comparable(status))) return;
    await this.#context.client.update(BUDGETS, { ...budget, status }, { subresource: 'status' });
  }
}

/** Pods of the budget's namespace its selector matches (an empty selector matches all; a missing one none). */
function selectedPods(budget: PodDisruptionBudget, pods: readonly Pod[]): Pod[] {
  const { selector } = fromLabelSelector(budget.spec?.selector);
  if (selector === undefined) return [];
  return pods.filter((pod) => selector.matches(pod.metadata.labels ?? {}));
}

function comparable(status: BudgetStatus | undefined): unknown {
  if (status === undefined) return undefined;
  const { observedGeneration, disruptedPods, disruptionsAllowed, currentHealthy, desiredHealthy, expectedPods, conditions } = status;
  return {
    observedGeneration,
    disruptedPods: disruptedPods ?? {},
    disruptionsAllowed,
    currentHealthy,
    desiredHealthy,
    expectedPods,
    conditions: (conditions ?? []).map(({ type, status: value, reason, message, observedGeneration: generation }) => ({ type, value, reason, message, generation })),
  };
}
