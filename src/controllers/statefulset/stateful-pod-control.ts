import type { PersistentVolumeClaim, Pod, StatefulSet } from '../../api/kinds.js';
import { resourceOf } from '../../client/api-client.js';
import { isAlreadyExists, isNotFound } from '../../client/api-status-error.js';
import type { Informer } from '../../client/informer.js';
import { objectKey } from '../../client/object-key.js';
import { errorMessage } from '../../util/errors.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import type { Expectations } from '../runtime/expectations.js';

const PODS = resourceOf('v1', 'Pod');
const CLAIMS = resourceOf('v1', 'PersistentVolumeClaim');

/** The StatefulSet controller's writes to pods and claims, each with upstream's Event and an expectation. */
export class StatefulPodControl {
  readonly #context: ControllerContext;
  readonly #claims: Informer<PersistentVolumeClaim>;
  readonly #expectations: Expectations;

  constructor(context: ControllerContext, claims: Informer<PersistentVolumeClaim>, expectations: Expectations) {
    this.#context = context;
    this.#claims = claims;
    this.#expectations = expectations;
  }

  /** Creates the pod's missing claims, then the pod. */
  async createPod(set: StatefulSet, pod: Pod, claims: readonly PersistentVolumeClaim[]): Promise<void> {
    await this.createMissingClaims(set, pod, claims);
    const key = objectKey(set);
    this.#expectations.expectCreations(key, 1);
    try {
      await this.#context.client.create(PODS, pod);
    } catch (error) {
      this.#expectations.creationFailed(key);
      if (isAlreadyExists(error)) return;
      this.#podEvent('create', set, pod, error);
      throw error;
    }
    this.#podEvent('create', set, pod, undefined);
  }

  async createMissingClaims(set: StatefulSet, pod: Pod, claims: readonly PersistentVolumeClaim[]): Promise<void> {
    for (const claim of claims) {
      const existing = this.#claims.get(claim.metadata.namespace, claim.metadata.name ?? '');
      if (existing?.metadata.deletionTimestamp !== undefined) {
        throw new Error(`pvc ${claim.metadata.name ?? ''} is being deleted`);
      }
      if (existing !== undefined) continue;
      try {
        await this.#context.client.create(CLAIMS, claim);
        this.#claimEvent(set, pod, claim, undefined);
      } catch (error) {
        if (isAlreadyExists(error)) continue;
        this.#claimEvent(set, pod, claim, error);
        throw error;
      }
    }
  }

  async deletePod(set: StatefulSet, pod: Pod): Promise<void> {
    const key = objectKey(set);
    this.#expectations.expectDeletions(key, [objectKey(pod)]);
    try {
      await this.#context.client.delete(PODS, pod.metadata.namespace, pod.metadata.name ?? '', { preconditions: { uid: pod.metadata.uid ?? '' } });
    } catch (error) {
      this.#expectations.deletionObserved(key, objectKey(pod));
      if (isNotFound(error)) return;
      this.#podEvent('delete', set, pod, error);
      throw error;
    }
    this.#podEvent('delete', set, pod, undefined);
  }

  /** Puts back identity labels (and any other labels) a pod lost; throws on a stale pod. */
  async updatePodLabels(set: StatefulSet, pod: Pod, labels: Record<string, string>): Promise<void> {
    try {
      await this.#context.client.patch(PODS, pod.metadata.namespace, pod.metadata.name ?? '', 'merge', {
        metadata: { labels, resourceVersion: pod.metadata.resourceVersion },
      });
    } catch (error) {
      this.#podEvent('update', set, pod, error);
      throw error;
    }
    this.#podEvent('update', set, pod, undefined);
  }

  /** Adopts an orphan pod whose name and labels say it belongs to the set. */
  async adopt(set: StatefulSet, pod: Pod, owner: NonNullable<Pod['metadata']['ownerReferences']>[number]): Promise<void> {
    await this.#context.client.patch(PODS, pod.metadata.namespace, pod.metadata.name ?? '', 'merge', {
      metadata: { ownerReferences: [...(pod.metadata.ownerReferences ?? []), owner], resourceVersion: pod.metadata.resourceVersion },
    });
    this.#context.logger.info('adopted pod', { statefulset: objectKey(set), pod: pod.metadata.name });
  }

  #podEvent(verb: 'create' | 'delete' | 'update', set: StatefulSet, pod: Pod, error: unknown): void {
    const title = `${verb.charAt(0).toUpperCase()}${verb.slice(1)}`;
    const subject = `${verb} Pod ${pod.metadata.name ?? ''} in StatefulSet ${set.metadata.name ?? ''}`;
    if (error === undefined) this.#context.recorder.event(set, 'Normal', `Successful${title}`, `${subject} successful`);
    else this.#context.recorder.event(set, 'Warning', `Failed${title}`, `${subject} failed error: ${errorMessage(error)}`);
  }

  #claimEvent(set: StatefulSet, pod: Pod, claim: PersistentVolumeClaim, error: unknown): void {
    const subject = `create Claim ${claim.metadata.name ?? ''} Pod ${pod.metadata.name ?? ''} in StatefulSet ${set.metadata.name ?? ''}`;
    if (error === undefined) this.#context.recorder.event(set, 'Normal', 'SuccessfulCreate', `${subject} success`);
    else this.#context.recorder.event(set, 'Warning', 'FailedCreate', `${subject} failed error: ${errorMessage(error)}`);
  }
}
