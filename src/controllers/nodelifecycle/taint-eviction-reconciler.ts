import type { Node, Pod } from '../../api/kinds.js';
import { resourceOf } from '../../client/api-client.js';
import { isNotFound } from '../../client/api-status-error.js';
import type { Informer } from '../../client/informer.js';
import { objectKey } from '../../client/object-key.js';
import { rfc3339 } from '../../util/clock.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import type { ReconcileResult, Reconciler } from '../runtime/reconciler.js';
import { NOT_READY_TAINT_KEY, UNREACHABLE_TAINT_KEY } from './node-taints.js';
import { withPodCondition } from './pod-condition.js';
import { evictionTime, tolerates, type Taint, type Toleration } from './tolerations.js';

const PODS = resourceOf('v1', 'Pod');

/**
 * Deletes one pod when its node carries a NoExecute taint the pod does not tolerate,
 * or once its toleration's seconds have run out (counted from the taint's
 * timeAdded), after marking it with the DisruptionTarget condition.
 */
export class TaintEvictionReconciler implements Reconciler {
  readonly #context: ControllerContext;
  readonly #pods: Informer<Pod>;
  readonly #nodes: Informer<Node>;
  readonly #defaultTolerationSeconds: number | undefined;
  readonly #firstSeen = new Map<string, number>();

  constructor(context: ControllerContext, caches: { pods: Informer<Pod>; nodes: Informer<Node> }, defaultTolerationSeconds: number | undefined) {
    this.#context = context;
    this.#pods = caches.pods;
    this.#nodes = caches.nodes;
    this.#defaultTolerationSeconds = defaultTolerationSeconds;
  }

  async reconcile(key: string): Promise<ReconcileResult | undefined> {
    const pod = this.#pods.getByKey(key);
    const nodeName = pod?.spec?.nodeName;
    if (pod === undefined || nodeName === undefined || nodeName === '' || pod.metadata.deletionTimestamp !== undefined) return undefined;
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return undefined;
    const node = this.#nodes.get(undefined, nodeName);
    const taints = (node?.spec?.taints ?? []).filter((taint) => taint.effect === 'NoExecute');
    if (taints.length === 0) return undefined;
    const now = this.#context.clock.now();
    const at = evictionTime(this.#tolerationsOf(pod), taints, (taint) => this.#addedAt(nodeName, taint, now));
    if (at === Number.POSITIVE_INFINITY) return undefined;
    if (at > now) return { requeueAfterMs: at - now };
    await this.#evict(pod, now);
    return undefined;
  }

  /** The pod's tolerations plus, where it has none for them, the not-ready/unreachable ones the DefaultTolerationSeconds admission adds. */
  #tolerationsOf(pod: Pod): Toleration[] {
    const tolerations = pod.spec?.tolerations ?? [];
    const seconds = this.#defaultTolerationSeconds;
    if (seconds === undefined) return tolerations;
    const defaults = [NOT_READY_TAINT_KEY, UNREACHABLE_TAINT_KEY]
      .filter((key) => !tolerations.some((toleration) => tolerates(toleration, { key, effect: 'NoExecute' })))
      .map((key): Toleration => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds }));
    return [...tolerations, ...defaults];
  }

  #addedAt(nodeName: string, taint: Taint, now: number): number {
    const added = Date.parse(taint.timeAdded ?? '');
    if (!Number.isNaN(added)) return added;
    const id = `${nodeName}\u0000${taint.key}\u0000${taint.value ?? ''}`;
    const seen = this.#firstSeen.get(id) ?? now;
    this.#firstSeen.set(id, seen);
    return seen;
  }

  async #evict(pod: Pod, now: number): Promise<void> {
    const { namespace, name = '' } = pod.metadata;
    const conditions = withPodCondition(
      pod,
      { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' },
      rfc3339(now),
    );
    try {
      await this.#context.client.update(PODS, { ...pod, status: { ...pod.status, conditions } }, { subresource: 'status' });
      this.#context.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${objectKey(pod)}`);
      await this.#context.client.delete(PODS, namespace, name, pod.metadata.uid === undefined ? {} : { preconditions: { uid: pod.metadata.uid } });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
