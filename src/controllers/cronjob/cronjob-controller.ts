import type { CronJob, Job } from '../../api/kinds.js';
import { resourceOf } from '../../client/api-client.js';
import { keyOf } from '../../client/object-key.js';
import type { Clock, TimerHandle } from '../../util/clock.js';
import type { ControllerSpec } from '../runtime/controller-spec.js';
import { controllerOf, enqueueControllerOwner, enqueueObject } from '../runtime/enqueue-handlers.js';
import { CRONJOB_OWNER_INDEX, CronJobReconciler } from './cronjob-reconciler.js';

export interface CronJobControllerOptions {
  /**
   * The clock schedules are evaluated against and next start times are waited on
   * (default: the controller context's). Tests pass a FakeClock or a shifted clock.
   */
  readonly clock?: Clock;
}

/** The CronJob controller: starts Jobs on schedule, with concurrency policy, deadlines and history limits. */
export function cronJobController(options: CronJobControllerOptions = {}): ControllerSpec {
  return {
    name: 'cronjob',
    create: (context, queue) => {
      const clock = options.clock ?? context.clock;
      const cronJobs = context.informers.informerFor<CronJob>(resourceOf('batch/v1', 'CronJob'));
      const jobs = context.informers.informerFor<Job>(resourceOf('batch/v1', 'Job'));
      jobs.addIndex(CRONJOB_OWNER_INDEX, (job) => {
        const owner = controllerOf(job);
        return owner?.kind === 'CronJob' ? [keyOf(job.metadata.namespace, owner.name)] : [];
      });
      cronJobs.addHandler(enqueueObject(queue));
      jobs.addHandler(enqueueControllerOwner(queue, 'CronJob'));
      const timers = new Map<string, TimerHandle>();
      const wakeAt = (key: string, delayMs: number | undefined) => {
        const previous = timers.get(key);
        if (previous !== undefined) clock.cancel(previous);
        timers.delete(key);
        if (delayMs === undefined) return;
        timers.set(
          key,
          clock.schedule(delayMs, () => {
            timers.delete(key);
            queue.add(key);
          }),
        );
      };
      return new CronJobReconciler({ client: context.client, recorder: context.recorder, clock, cronJobs, jobs, wakeAt });
    },
  };
}
