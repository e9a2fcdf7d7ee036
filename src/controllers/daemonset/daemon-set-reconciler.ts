import type { ControllerRevision, DaemonSet, Node, Pod } from '../../api/kinds.js';
import { fromLabelSelector } from '../../api/label-selector.js';
import { resourceOf } from '../../client/api-client.js';
import type { Informer } from '../../client/informer.js';
import { ControllerRevisions } from '../history/controller-revisions.js';
import { OWNER_UID_INDEX } from '../history/owner-index.js';
import { PodReadiness } from '../util/pod-readiness.js';
import { stableJson } from '../history/revision-hash.js';
import { RevisionWriter } from '../history/revision-writer.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import { controllerOf } from '../runtime/enqueue-handlers.js';
import type { Expectations } from '../runtime/expectations.js';
import { TerminalError, type ReconcileResult, type Reconciler } from '../runtime/reconciler.js';
import { DaemonPodControl } from './daemon-pod-control.js';
import { DaemonPodTemplate } from './daemon-pod-template.js';
import { planDaemonPods } from './daemon-set-manage.js';
import { constructDaemonSetHistory, type DaemonSetHistory } from './daemon-set-revisions.js';
import { rolloutStep, scaledValue } from './daemon-set-rollout.js';
import { daemonSetStatus } from './daemon-set-status.js';
import { nodeEligibility, type Eligibility } from './node-eligibility.js';

const DAEMON_SETS = resourceOf('apps/v1', 'DaemonSet');

export interface DaemonSetReconcilerOptions {
  readonly context: ControllerContext;
  readonly sets: Informer<DaemonSet>;
  readonly pods: Informer<Pod>;
  readonly nodes: Informer<Node>;
  readonly revisions: Informer<ControllerRevision>;
  readonly expectations: Expectations;
}

function groupByNode(pods: readonly Pod[]): Map<string, Pod[]> {
  const byNode = new Map<string, Pod[]>();
  for (const pod of pods) {
    const node = DaemonPodTemplate.targetNode(pod);
    if (node === undefined) continue;
    byNode.set(node, [...(byNode.get(node) ?? []), pod]);
  }
  return byNode;
}

/** Runs one pod of a DaemonSet on every eligible node, rolls them to new templates, and reports status. */
export class DaemonSetReconciler implements Reconciler {
  readonly #options: DaemonSetReconcilerOptions;
  readonly #control: DaemonPodControl;
  readonly #writer: RevisionWriter;

  constructor(options: DaemonSetReconcilerOptions) {
    this.#options = options;
    this.#control = new DaemonPodControl(options.context, options.expectations);
    this.#writer = new RevisionWriter(options.context.client);
  }

  async reconcile(key: string): Promise<ReconcileResult | undefined> {
    const { sets, nodes: nodeInformer, expectations, context } = this.#options;
    const set = sets.getByKey(key);
    if (set === undefined) {
      expectations.forget(key);
      return undefined;
    }
    const pods = await this.#claimPods(set);
    const history = await constructDaemonSetHistory(set, this.#options.revisions.byIndex(OWNER_UID_INDEX, set.metadata.uid ?? ''), this.#writer);
    const nodes = nodeInformer.list();
    const spec = DaemonPodTemplate.spec(set);
    const eligibility = new Map<string, Eligibility>(nodes.map((node) => [node.metadata.name ?? '', nodeEligibility(spec, node)]));
    const now = context.clock.now();
    if (expectations.satisfied(key) && set.metadata.deletionTimestamp === undefined) {
      await this.#sync(set, { pods, nodes, eligibility, history, now });
      await this.#cleanupHistory(set, pods, history);
    }
    const live = groupByNode(pods.filter((pod) => !PodReadiness.isTerminating(pod)));
    const { status, nextAvailableAt } = daemonSetStatus({ set, nodes, eligibility, byNode: live, hash: history.hash, collisionCount: history.collisionCount, now });
    if (stableJson(status) !== stableJson(set.status ?? {})) {
      await context.client.update(DAEMON_SETS, { ...set, status }, { subresource: 'status' });
    }
    return nextAvailableAt === undefined ? undefined : { requeueAfterMs: Math.max(0, nextAvailableAt - now) + 100 };
  }

  async #sync(set: DaemonSet, state: { pods: readonly Pod[]; nodes: readonly Node[]; eligibility: ReadonlyMap<string, Eligibility>; history: DaemonSetHistory; now: number }): Promise<void> {
    const { pods, nodes, eligibility, history, now } = state;
    const rollingUpdate = set.spec?.updateStrategy?.type !== 'OnDelete';
    const desired = nodes.filter((node) => eligibility.get(node.metadata.name ?? '')?.shouldRun === true).length;
    const surge = rollingUpdate && scaledValue(set.spec?.updateStrategy?.rollingUpdate?.maxSurge, desired) > 0;
    const plan = planDaemonPods({ set, nodes, eligibility, byNode: groupByNode(pods), hash: history.hash, surge, now });
    for (const pod of plan.failed) {
      const message = `Found failed daemon pod ${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''} on node ${DaemonPodTemplate.targetNode(pod) ?? ''}, will try to kill it`;
      this.#options.context.recorder.event(set, 'Warning', 'FailedDaemonPod', message);
    }
    if (plan.nodesToCreate.length > 0 || plan.podsToDelete.length > 0) {
      await this.#control.sync(set, plan.nodesToCreate, plan.podsToDelete, history.hash);
      return;
    }
    if (!rollingUpdate) return;
    const live = groupByNode(pods.filter((pod) => !PodReadiness.isTerminating(pod)));
    const step = rolloutStep({ set, byNode: live, hash: history.hash, desired, now });
    if (step.nodesToCreate.length > 0 || step.podsToDelete.length > 0) {
      await this.#control.sync(set, step.nodesToCreate, step.podsToDelete, history.hash);
    }
  }

  async #claimPods(set: DaemonSet): Promise<Pod[]> {
    const { selector } = fromLabelSelector(set.spec?.selector);
    if (selector === undefined) throw new TerminalError(`DaemonSet ${set.metadata.name ?? ''} has an invalid selector`);
    const owned = this.#options.pods.byIndex(OWNER_UID_INDEX, set.metadata.uid ?? '').filter((pod) => selector.matches(pod.metadata.labels));
    if (set.metadata.deletionTimestamp !== undefined || selector.isEverything()) return owned;
    const orphans = this.#options.pods
      .list(set.metadata.namespace)
      .filter((pod) => controllerOf(pod) === undefined && !PodReadiness.isTerminating(pod) && selector.matches(pod.metadata.labels));
    for (const orphan of orphans) await this.#control.adopt(set, orphan);
    return [...owned, ...orphans];
  }

  /** Keeps revisionHistoryLimit old revisions besides the current one and any a live pod still runs. */
  async #cleanupHistory(set: DaemonSet, pods: readonly Pod[], history: DaemonSetHistory): Promise<void> {
    const liveHashes = new Set(pods.map((pod) => pod.metadata.labels?.['controller-revision-hash'] ?? ''));
    const live = new Set(history.old.filter((revision) => liveHashes.has(ControllerRevisions.hashOf(revision))).map((revision) => revision.metadata.name ?? ''));
    for (const revision of ControllerRevisions.toPrune(history.old, live, set.spec?.revisionHistoryLimit ?? 10)) {
      await this.#writer.delete(revision);
    }
  }
}
