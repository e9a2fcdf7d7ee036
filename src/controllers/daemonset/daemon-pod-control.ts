import type { DaemonSet, Pod } from '../../api/kinds.js';
import { resourceOf } from '../../client/api-client.js';
import { isNotFound } from '../../client/api-status-error.js';
import { objectKey } from '../../client/object-key.js';
import { errorMessage } from '../../util/errors.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import type { Expectations } from '../runtime/expectations.js';
import { DaemonPodTemplate } from './daemon-pod-template.js';

const PODS = resourceOf('v1', 'Pod');

/** Creates and deletes a DaemonSet's pods with upstream's Events, expecting each write in the cache. */
export class DaemonPodControl {
  readonly #context: ControllerContext;
  readonly #expectations: Expectations;

  constructor(context: ControllerContext, expectations: Expectations) {
    this.#context = context;
    this.#expectations = expectations;
  }

  /** Creates a pod on each node and deletes the given pods; throws the first failure after trying all. */
  async sync(set: DaemonSet, nodesToCreate: readonly string[], podsToDelete: readonly Pod[], hash: string): Promise<void> {
    const key = objectKey(set);
    this.#expectations.expectCreations(key, nodesToCreate.length);
    this.#expectations.expectDeletions(key, podsToDelete.map(objectKey));
    const results = await Promise.allSettled([
      ...nodesToCreate.map(async (node) => this.#create(set, node, hash)),
      ...podsToDelete.map(async (pod) => this.#delete(set, pod)),
    ]);
    const failure = results.find((result) => result.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
  }

  async #create(set: DaemonSet, node: string, hash: string): Promise<void> {
    try {
      const created = await this.#context.client.create(PODS, DaemonPodTemplate.newPod(set, node, hash));
      this.#context.recorder.event(set, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name ?? ''}`);
    } catch (error) {
      this.#expectations.creationFailed(objectKey(set));
      this.#context.recorder.event(set, 'Warning', 'FailedCreate', `Error creating: ${errorMessage(error)}`);
      throw error;
    }
  }

  async #delete(set: DaemonSet, pod: Pod): Promise<void> {
    try {
      await this.#context.client.delete(PODS, pod.metadata.namespace, pod.metadata.name ?? '', { preconditions: { uid: pod.metadata.uid ?? '' } });
      this.#context.recorder.event(set, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name ?? ''}`);
    } catch (error) {
      this.#expectations.deletionObserved(objectKey(set), objectKey(pod));
      if (isNotFound(error)) return;
      this.#context.recorder.event(set, 'Warning', 'FailedDelete', `Error deleting: ${errorMessage(error)}`);
      throw error;
    }
  }

  async adopt(set: DaemonSet, pod: Pod): Promise<void> {
    await this.#context.client.patch(PODS, pod.metadata.namespace, pod.metadata.name ?? '', 'merge', {
      metadata: { ownerReferences: [...(pod.metadata.ownerReferences ?? []), DaemonPodTemplate.ownerReference(set)], resourceVersion: pod.metadata.resourceVersion },
    });
  }
}
