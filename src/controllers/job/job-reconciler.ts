import type { Job, Pod } from '../../api/kinds.js';
import type { ApiClient } from '../../client/api-client.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import type { Informer } from '../../client/informer.js';
import { splitKey } from '../../client/object-key.js';
import type { Clock } from '../../util/clock.js';
import { controllerOf } from '../runtime/enqueue-handlers.js';
import type { Expectations } from '../runtime/expectations.js';
import type { ReconcileResult, Reconciler } from '../runtime/reconciler.js';
import { isJobFinished } from './job-conditions.js';
import { JobKeys } from './job-labels.js';
import type { JobPodControl } from './job-pod-control.js';
import { JobPods } from './job-pods.js';
import { JobSync } from './job-sync.js';
import type { PodFailureBackoff } from './pod-failure-backoff.js';

/** The pod index the Job controller keeps: `namespace/job-name` of the pod's controlling Job. */
export const JOB_OWNER_INDEX = 'job-controller/owner';

export interface JobReconcilerOptions {
  readonly client: ApiClient;
  readonly recorder: EventRecorder;
  readonly clock: Clock;
  readonly jobs: Informer<Job>;
  readonly pods: Informer<Pod>;
  readonly expectations: Expectations;
  readonly backoff: PodFailureBackoff;
  readonly podControl: JobPodControl;
}

/**
 * Reconciles one Job from the caches. Pods of a Job that is gone, finished, being
 * deleted, or was replaced by a namesake only get their tracking finalizer released.
 */
export class JobReconciler implements Reconciler {
  readonly #options: JobReconcilerOptions;

  constructor(options: JobReconcilerOptions) {
    this.#options = options;
  }

  async reconcile(key: string): Promise<ReconcileResult | undefined> {
    const { jobs, pods, expectations, backoff, podControl } = this.#options;
    const { namespace, name } = splitKey(key);
    const job = jobs.get(namespace, name);
    const candidates = pods.byIndex(JOB_OWNER_INDEX, key);
    if (job === undefined) {
      expectations.forget(key);
      backoff.forget(key);
      await podControl.release(candidates.filter(JobPods.hasTrackingFinalizer));
      return undefined;
    }
    const owned = candidates.filter((pod) => controllerOf(pod)?.uid === job.metadata.uid);
    const strangers = candidates.filter((pod) => !owned.includes(pod) && JobPods.hasTrackingFinalizer(pod));
    await podControl.release(strangers);
    const managedBy = job.spec?.managedBy;
    if (managedBy !== undefined && managedBy !== JobKeys.controllerName) return undefined;
    if (isJobFinished(job) || job.metadata.deletionTimestamp !== undefined) {
      await podControl.release(owned.filter((pod) => JobPods.hasTrackingFinalizer(pod) && !podControl.isReleasing(pod)));
      return undefined;
    }
    const { client, recorder, clock } = this.#options;
    return await new JobSync({ client, recorder, expectations, backoff, podControl, now: clock.now() }, key, job, owned).run();
  }
}
