import type { ControllerRevision, PersistentVolumeClaim, Pod, StatefulSet } from '../../api/kinds.js';
import { fromLabelSelector } from '../../api/label-selector.js';
import { resourceOf } from '../../client/api-client.js';
import type { Informer } from '../../client/informer.js';
import { OWNER_UID_INDEX } from '../history/owner-index.js';
import { PodReadiness } from '../util/pod-readiness.js';
import { RevisionWriter } from '../history/revision-writer.js';
import { ControllerRevisions } from '../history/controller-revisions.js';
import { stableJson } from '../history/revision-hash.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import { controllerOf } from '../runtime/enqueue-handlers.js';
import type { Expectations } from '../runtime/expectations.js';
import { TerminalError, type ReconcileResult, type Reconciler } from '../runtime/reconciler.js';
import { StatefulPodControl } from './stateful-pod-control.js';
import { StatefulPodIdentity } from './stateful-pod-identity.js';
import { resolveStatefulSetRevisions } from './stateful-set-revisions.js';
import { statefulSetStatus } from './stateful-set-status.js';
import { StatefulSetSync } from './stateful-set-sync.js';

const STATEFUL_SETS = resourceOf('apps/v1', 'StatefulSet');

export interface StatefulSetReconcilerOptions {
  readonly context: ControllerContext;
  readonly sets: Informer<StatefulSet>;
  readonly pods: Informer<Pod>;
  readonly claims: Informer<PersistentVolumeClaim>;
  readonly revisions: Informer<ControllerRevision>;
  readonly expectations: Expectations;
}

/** Brings a StatefulSet's pods, claims, revisions and status to what its spec asks for. */
export class StatefulSetReconciler implements Reconciler {
  readonly #options: StatefulSetReconcilerOptions;
  readonly #control: StatefulPodControl;
  readonly #writer: RevisionWriter;

  constructor(options: StatefulSetReconcilerOptions) {
    this.#options = options;
    this.#control = new StatefulPodControl(options.context, options.claims, options.expectations);
    this.#writer = new RevisionWriter(options.context.client);
  }

  async reconcile(key: string): Promise<ReconcileResult | undefined> {
    const { sets, expectations, context } = this.#options;
    const set = sets.getByKey(key);
    if (set === undefined) {
      expectations.forget(key);
      return undefined;
    }
    if (!expectations.satisfied(key)) return undefined;
    const pods = await this.#claimPods(set);
    const owned = this.#options.revisions.byIndex(OWNER_UID_INDEX, set.metadata.uid ?? '');
    const revisions = await resolveStatefulSetRevisions(set, owned, this.#writer);
    const now = context.clock.now();
    await new StatefulSetSync({ set, pods, revisions, control: this.#control, now }).run();
    const { status, nextAvailableAt } = statefulSetStatus(set, pods, revisions, now);
    if (stableJson(status) !== stableJson(set.status ?? {})) {
      await context.client.update(STATEFUL_SETS, { ...set, status }, { subresource: 'status' });
    }
    await this.#truncateHistory(set, pods, revisions.all, [status.currentRevision ?? '', status.updateRevision ?? '']);
    return nextAvailableAt === undefined ? undefined : { requeueAfterMs: Math.max(0, nextAvailableAt - now) + 100 };
  }

  /** The set's pods: those it controls and still selects, plus orphans named and labelled as its own (adopted). */
  async #claimPods(set: StatefulSet): Promise<Pod[]> {
    const { selector } = fromLabelSelector(set.spec?.selector);
    if (selector === undefined) throw new TerminalError(`StatefulSet ${set.metadata.name ?? ''} has an invalid selector`);
    const owned = this.#options.pods.byIndex(OWNER_UID_INDEX, set.metadata.uid ?? '').filter((pod) => selector.matches(pod.metadata.labels));
    if (set.metadata.deletionTimestamp !== undefined) return owned;
    const orphans = this.#options.pods
      .list(set.metadata.namespace)
      .filter(
        (pod) =>
          controllerOf(pod) === undefined &&
          !PodReadiness.isTerminating(pod) &&
          selector.matches(pod.metadata.labels) &&
          StatefulPodIdentity.ordinalOf(set, pod) !== undefined,
      );
    for (const orphan of orphans) await this.#control.adopt(set, orphan, StatefulPodIdentity.ownerReference(set));
    return [...owned, ...orphans];
  }

  async #truncateHistory(set: StatefulSet, pods: readonly Pod[], revisions: readonly ControllerRevision[], inStatus: readonly string[]): Promise<void> {
    const live = new Set([...inStatus, ...pods.map((pod) => StatefulPodIdentity.revisionOf(pod))]);
    for (const revision of ControllerRevisions.toPrune(revisions, live, set.spec?.revisionHistoryLimit ?? 10)) {
      await this.#writer.delete(revision);
    }
  }
}
