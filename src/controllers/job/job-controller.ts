import type { Job, Pod } from '../../api/kinds.js';
import { resourceOf } from '../../client/api-client.js';
import type { InformerHandler } from '../../client/informer.js';
import { keyOf, objectKey } from '../../client/object-key.js';
import type { ControllerSpec } from '../runtime/controller-spec.js';
import { controllerOf, enqueueObject } from '../runtime/enqueue-handlers.js';
import { Expectations } from '../runtime/expectations.js';
import type { Enqueuer } from '../runtime/reconciler.js';
import { JobPodControl } from './job-pod-control.js';
import { JobPods } from './job-pods.js';
import { JOB_OWNER_INDEX, JobReconciler } from './job-reconciler.js';
import { PodFailureBackoff } from './pod-failure-backoff.js';

export interface JobControllerOptions {
  /** First delay before replacing a failed pod; doubles per failure. Upstream: 10 s. */
  readonly podFailureBackoffBaseMs?: number;
  /** Upstream: 6 minutes. */
  readonly podFailureBackoffMaxMs?: number;
}

function jobKeyOf(pod: Pod): string | undefined {
  const owner = controllerOf(pod);
  return owner?.kind === 'Job' ? keyOf(pod.metadata.namespace, owner.name) : undefined;
}

function podHandler(queue: Enqueuer, expectations: Expectations, releasing: Set<string>): InformerHandler<Pod> {
  const released = (pod: Pod) => {
    if (!JobPods.hasTrackingFinalizer(pod)) releasing.delete(pod.metadata.uid ?? '');
  };
  return {
    onAdd: (pod) => {
      const key = jobKeyOf(pod);
      if (key === undefined) return;
      expectations.creationObserved(key);
      queue.add(key);
    },
    onUpdate: (previous, pod) => {
      released(pod);
      const key = jobKeyOf(pod);
      if (key !== undefined) {
        if (previous.metadata.deletionTimestamp === undefined && pod.metadata.deletionTimestamp !== undefined) expectations.deletionObserved(key, objectKey(pod));
        queue.add(key);
      }
      const previousKey = jobKeyOf(previous);
      if (previousKey !== undefined && previousKey !== key) queue.add(previousKey);
    },
    onDelete: (pod) => {
      releasing.delete(pod.metadata.uid ?? '');
      const key = jobKeyOf(pod);
      if (key === undefined) return;
      expectations.deletionObserved(key, objectKey(pod));
      queue.add(key);
    },
  };
}

/** The Job controller (batch/v1 Jobs run pods to completion), with upstream's semantics. */
export function jobController(options: JobControllerOptions = {}): ControllerSpec {
  return {
    name: 'job',
    workers: 5,
    create: (context, queue) => {
      const jobs = context.informers.informerFor<Job>(resourceOf('batch/v1', 'Job'));
      const pods = context.informers.informerFor<Pod>(resourceOf('v1', 'Pod'));
      const expectations = new Expectations(context.clock);
      const releasing = new Set<string>();
      pods.addIndex(JOB_OWNER_INDEX, (pod) => {
        const key = jobKeyOf(pod);
        return key === undefined ? [] : [key];
      });
      jobs.addHandler(enqueueObject(queue));
      pods.addHandler(podHandler(queue, expectations, releasing));
      const backoff = new PodFailureBackoff({ baseMs: options.podFailureBackoffBaseMs ?? 10_000, maxMs: options.podFailureBackoffMaxMs ?? 360_000 });
      const podControl = new JobPodControl({ client: context.client, recorder: context.recorder, expectations, releasing });
      return new JobReconciler({ client: context.client, recorder: context.recorder, clock: context.clock, jobs, pods, expectations, backoff, podControl });
    },
  };
}
