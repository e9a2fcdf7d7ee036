import type { Job, Pod } from '../../api/kinds.js';
import { resourceOf, type ApiClient } from '../../client/api-client.js';
import { isNotFound } from '../../client/api-status-error.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import { objectKey } from '../../client/object-key.js';
import { errorMessage } from '../../util/errors.js';
import type { Expectations } from '../runtime/expectations.js';
import { jobPodFactory } from './job-pod-factory.js';
import { JobKeys } from './job-labels.js';

const PODS = resourceOf('v1', 'Pod');

/** At most this many pod creations or deletions per reconcile, as upstream. */
export const MAX_POD_BATCH = 500;

/**
 * Creates, deletes and releases (drops the tracking finalizer of) a Job's pods,
 * recording expectations and the events upstream records.
 */
export class JobPodControl {
  readonly #client: ApiClient;
  readonly #recorder: EventRecorder;
  readonly #expectations: Expectations;
  /** Pod UIDs whose finalizer removal was sent but not yet seen in the cache. */
  readonly #releasing: Set<string>;

  constructor(options: { client: ApiClient; recorder: EventRecorder; expectations: Expectations; releasing: Set<string> }) {
    this.#client = options.client;
    this.#recorder = options.recorder;
    this.#expectations = options.expectations;
    this.#releasing = options.releasing;
  }

  isReleasing(pod: Pod): boolean {
    return this.#releasing.has(pod.metadata.uid ?? '');
  }

  /** Creates one pod per entry of `indexes` (undefined: a NonIndexed pod); resolves with how many were created. */
  async create(key: string, job: Job, indexes: readonly (number | undefined)[]): Promise<number> {
    this.#expectations.expectCreations(key, indexes.length);
    const results = await Promise.all(
      indexes.map(async (index) => {
        try {
          const pod = await this.#client.create<Pod>(PODS, jobPodFactory(job, index));
          this.#recorder.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name ?? ''}`);
          return 1;
        } catch (error) {
          this.#expectations.creationFailed(key);
          this.#recorder.event(job, 'Warning', 'FailedCreate', `Error creating: ${errorMessage(error)}`);
          throw error;
        }
      }),
    );
    return results.reduce((sum, created) => sum + created, 0);
  }

  async delete(key: string, job: Job, pods: readonly Pod[]): Promise<void> {
    if (pods.length === 0) return;
    this.#expectations.expectDeletions(key, pods.map(objectKey));
    await Promise.all(
      pods.map(async (pod) => {
        const { namespace, name = '' } = pod.metadata;
        try {
          await this.#client.delete(PODS, namespace, name, { preconditions: { uid: pod.metadata.uid ?? '' } });
          this.#recorder.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
        } catch (error) {
          this.#expectations.deletionObserved(key, objectKey(pod));
          if (isNotFound(error)) return;
          this.#recorder.event(job, 'Warning', 'FailedDelete', `Error deleting: ${errorMessage(error)}`);
          throw error;
        }
      }),
    );
  }

  /** Removes the tracking finalizer from `pods` (which must already be counted in the Job's status). */
  async release(pods: readonly Pod[]): Promise<void> {
    await Promise.all(
      pods.map(async (pod) => {
        const { namespace, name = '', uid = '', resourceVersion } = pod.metadata;
        const finalizers = (pod.metadata.finalizers ?? []).filter((finalizer) => finalizer !== JobKeys.trackingFinalizer);
        this.#releasing.add(uid);
        try {
          await this.#client.patch(PODS, namespace, name, 'merge', { metadata: { resourceVersion, finalizers } });
        } catch (error) {
          this.#releasing.delete(uid);
          if (!isNotFound(error)) throw error;
        }
      }),
    );
  }
}
