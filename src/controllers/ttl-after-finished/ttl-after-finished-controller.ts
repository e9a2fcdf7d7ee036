import type { Job } from '../../api/kinds.js';
import { resourceOf } from '../../client/api-client.js';
import { isNotFound } from '../../client/api-status-error.js';
import { splitKey } from '../../client/object-key.js';
import type { ControllerSpec } from '../runtime/controller-spec.js';
import { enqueueObject } from '../runtime/enqueue-handlers.js';
import type { ReconcileResult } from '../runtime/reconciler.js';

const JOBS = resourceOf('batch/v1', 'Job');

/** When a Job got its Complete or Failed condition, or undefined while it runs. */
export function jobFinishedAt(job: Job): number | undefined {
  const finished = job.status?.conditions?.find((condition) => (condition.type === 'Complete' || condition.type === 'Failed') && condition.status === 'True');
  if (finished === undefined) return undefined;
  const at = Date.parse(finished.lastTransitionTime ?? '');
  return Number.isNaN(at) ? undefined : at;
}

/** When the Job is due for deletion, or undefined if it never is (yet). */
function expiresAt(job: Job): number | undefined {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (ttl === undefined || job.metadata.deletionTimestamp !== undefined) return undefined;
  const finished = jobFinishedAt(job);
  return finished === undefined ? undefined : finished + ttl * 1000;
}

/**
 * Deletes finished Jobs ttlSecondsAfterFinished after they finished (upstream's
 * TTL-after-finished controller). Before deleting it re-reads the Job from the
 * server, so a TTL just changed or removed by a user is honoured.
 */
export function ttlAfterFinishedController(): ControllerSpec {
  return {
    name: 'ttl-after-finished',
    create: (context, queue) => {
      const jobs = context.informers.informerFor<Job>(JOBS);
      jobs.addHandler(enqueueObject(queue));
      return {
        reconcile: async (key): Promise<ReconcileResult | undefined> => {
          const { namespace, name } = splitKey(key);
          const cached = jobs.get(namespace, name);
          if (cached === undefined) return undefined;
          const cachedExpiry = expiresAt(cached);
          if (cachedExpiry === undefined) return undefined;
          const now = context.clock.now();
          if (cachedExpiry > now) return { requeueAfterMs: cachedExpiry - now };
          let fresh: Job;
          try {
            fresh = await context.client.get<Job>(JOBS, namespace, name);
          } catch (error) {
            if (isNotFound(error)) return undefined;
            throw error;
          }
          const freshExpiry = expiresAt(fresh);
          if (freshExpiry === undefined) return undefined;
          if (freshExpiry > now) return { requeueAfterMs: freshExpiry - now };
          try {
            await context.client.delete(JOBS, namespace, name, { propagationPolicy: 'Background', preconditions: { uid: fresh.metadata.uid ?? '' } });
            context.logger.info('deleted finished job after its TTL', { job: key });
          } catch (error) {
            if (!isNotFound(error)) throw error;
          }
          return undefined;
        },
      };
    },
  };
}
