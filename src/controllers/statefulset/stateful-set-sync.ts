import type { Pod, StatefulSet } from '../../api/kinds.js';
import { ControllerRevisions } from '../history/controller-revisions.js';
import { PodReadiness } from '../util/pod-readiness.js';
import type { StatefulPodControl } from './stateful-pod-control.js';
import { StatefulPodIdentity } from './stateful-pod-identity.js';
import type { ResolvedRevisions } from './stateful-set-revisions.js';

type PodTemplate = NonNullable<StatefulSet['spec']>['template'];

export interface StatefulSetSyncOptions {
  readonly set: StatefulSet;
  /** The pods the set owns, as the cache shows them. */
  readonly pods: readonly Pod[];
  readonly revisions: ResolvedRevisions;
  readonly control: StatefulPodControl;
  readonly now: number;
}

const isHealthy = (pod: Pod) => PodReadiness.isRunningAndReady(pod) && !PodReadiness.isTerminating(pod);

/**
 * One pass of upstream's StatefulSet update: replace finished pods, create missing
 * ordinals (in order and one at a time for OrderedReady, all at once for Parallel),
 * remove ordinals beyond the replica count (highest first), then roll pods at or
 * above the partition to the update revision, highest first, one at a time.
 * Every write is followed by a new reconcile once the caches show it.
 */
export class StatefulSetSync {
  readonly #set: StatefulSet;
  readonly #revisions: ResolvedRevisions;
  readonly #control: StatefulPodControl;
  readonly #monotonic: boolean;
  readonly #start: number;
  readonly #replicas: (Pod | undefined)[];
  readonly #condemned: Pod[];
  readonly #now: number;

  constructor(options: StatefulSetSyncOptions) {
    const { set, pods, revisions, control, now } = options;
    this.#set = set;
    this.#revisions = revisions;
    this.#control = control;
    this.#now = now;
    this.#monotonic = set.spec?.podManagementPolicy !== 'Parallel';
    this.#start = StatefulPodIdentity.startOrdinal(set);
    const count = set.spec?.replicas ?? 1;
    this.#replicas = new Array<Pod | undefined>(count).fill(undefined);
    this.#condemned = [];
    for (const pod of pods) {
      const ordinal = StatefulPodIdentity.ordinalOf(set, pod);
      if (ordinal === undefined) continue;
      if (ordinal >= this.#start && ordinal < this.#start + count) this.#replicas[ordinal - this.#start] = pod;
      else this.#condemned.push(pod);
    }
    const ordinalOf = (pod: Pod) => StatefulPodIdentity.ordinalOf(set, pod) ?? 0;
    this.#condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
  }

  async run(): Promise<void> {
    if (this.#set.metadata.deletionTimestamp !== undefined) return;
    if (!(await this.#syncReplicas())) return;
    if (!(await this.#removeCondemned())) return;
    if (this.#set.spec?.updateStrategy?.type === 'OnDelete') return;
    await this.#rollingUpdate();
  }

  /** Returns false when the pass must stop and wait. */
  async #syncReplicas(): Promise<boolean> {
    for (const [index, pod] of this.#replicas.entries()) {
      const ordinal = this.#start + index;
      if (pod !== undefined && PodReadiness.isFinished(pod)) {
        if (!PodReadiness.isTerminating(pod)) await this.#control.deletePod(this.#set, pod);
        if (this.#monotonic) return false;
        continue;
      }
      if (pod === undefined) {
        const created = this.#newPod(ordinal);
        await this.#control.createPod(this.#set, created, StatefulPodIdentity.claimsFor(this.#set, created.metadata.name ?? ''));
        if (this.#monotonic) return false;
        continue;
      }
      if (PodReadiness.isTerminating(pod)) {
        if (this.#monotonic) return false;
        continue;
      }
      if (!PodReadiness.isRunningAndReady(pod) && this.#monotonic) return false;
      if (!PodReadiness.isAvailable(pod, this.#set.spec?.minReadySeconds ?? 0, this.#now) && this.#monotonic) return false;
      await this.#repairIdentity(pod, ordinal);
    }
    return true;
  }

  async #removeCondemned(): Promise<boolean> {
    const firstUnhealthy = [...this.#replicas, ...[...this.#condemned].reverse()].find((pod) => pod !== undefined && !isHealthy(pod));
    for (const pod of this.#condemned) {
      if (PodReadiness.isTerminating(pod)) {
        if (this.#monotonic) return false;
        continue;
      }
      if (this.#monotonic && !isHealthy(pod) && pod !== firstUnhealthy) return false;
      await this.#control.deletePod(this.#set, pod);
      if (this.#monotonic) return false;
    }
    return true;
  }

  async #rollingUpdate(): Promise<void> {
    const partition = this.#set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    const update = this.#revisions.update.metadata.name;
    for (let index = this.#replicas.length - 1; index >= 0 && this.#start + index >= partition; index--) {
      const pod = this.#replicas[index];
      if (pod === undefined) return;
      if (StatefulPodIdentity.revisionOf(pod) !== update && !PodReadiness.isTerminating(pod)) {
        await this.#control.deletePod(this.#set, pod);
        return;
      }
      if (!isHealthy(pod)) return;
    }
  }

  /** Below the partition, a missing pod comes back at the current revision; elsewhere at the update revision. */
  #newPod(ordinal: number): Pod {
    const strategy = this.#set.spec?.updateStrategy;
    const partition = strategy?.rollingUpdate?.partition ?? 0;
    const { current, update } = this.#revisions;
    if ((strategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && ordinal < partition) {
      const template = ControllerRevisions.templateOf(current) as PodTemplate;
      return StatefulPodIdentity.newPod(this.#set, template, current.metadata.name ?? '', ordinal);
    }
    const template = this.#set.spec?.template ?? {};
    return StatefulPodIdentity.newPod(this.#set, template, update.metadata.name ?? '', ordinal);
  }

  async #repairIdentity(pod: Pod, ordinal: number): Promise<void> {
    if (!StatefulPodIdentity.identityMatches(this.#set, pod)) {
      await this.#control.updatePodLabels(this.#set, pod, StatefulPodIdentity.identityLabels(this.#set, ordinal));
    }
    await this.#control.createMissingClaims(this.#set, pod, StatefulPodIdentity.claimsFor(this.#set, pod.metadata.name ?? ''));
  }
}
