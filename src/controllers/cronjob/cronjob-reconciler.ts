import { CronSchedule } from '../../api/cron-schedule.js';
import type { CronJob, Job } from '../../api/kinds.js';
import { resourceOf, type ApiClient } from '../../client/api-client.js';
import { isAlreadyExists, isNotFound } from '../../client/api-status-error.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import type { Informer } from '../../client/informer.js';
import { splitKey } from '../../client/object-key.js';
import { rfc3339, type Clock } from '../../util/clock.js';
import { errorMessage } from '../../util/errors.js';
import { controllerOf } from '../runtime/enqueue-handlers.js';
import type { Reconciler } from '../runtime/reconciler.js';
import { cronJobJobFactory, jobNameFor } from './cronjob-job-factory.js';
import { MANY_MISSED, mostRecentSchedule } from './schedule-times.js';

const JOBS = resourceOf('batch/v1', 'Job');
const CRON_JOBS = resourceOf('batch/v1', 'CronJob');
/** Upstream requeues this long after the next start time, so the time has surely passed. */
const NEXT_SCHEDULE_SLACK_MS = 100;

/** The Job index the CronJob controller keeps: `namespace/name` of the Job's controlling CronJob. */
export const CRONJOB_OWNER_INDEX = 'cronjob-controller/owner';

type JobReference = NonNullable<NonNullable<CronJob['status']>['active']>[number];

export interface CronJobReconcilerOptions {
  readonly client: ApiClient;
  readonly recorder: EventRecorder;
  readonly clock: Clock;
  readonly cronJobs: Informer<CronJob>;
  readonly jobs: Informer<Job>;
  /** Queues the CronJob's key again, for its next start time. */
  readonly wakeAt: (key: string, delayMs: number | undefined) => void;
}

function finishedCondition(job: Job): string | undefined {
  return job.status?.conditions?.find((condition) => (condition.type === 'Complete' || condition.type === 'Failed') && condition.status === 'True')?.type;
}

function referenceTo(job: Job): JobReference {
  const { name, namespace, uid, resourceVersion } = job.metadata;
  return { apiVersion: 'batch/v1', kind: 'Job', name, namespace, uid, resourceVersion } as JobReference;
}

/** Go's time.RFC1123Z, in UTC. */
function rfc1123z(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

/** Reconciles one CronJob as upstream's cronjob controller v2 does. */
export class CronJobReconciler implements Reconciler {
  readonly #options: CronJobReconcilerOptions;

  constructor(options: CronJobReconcilerOptions) {
    this.#options = options;
  }

  async reconcile(key: string): Promise<undefined> {
    const { cronJobs, jobs, wakeAt } = this.#options;
    const { namespace, name } = splitKey(key);
    const cronJob = cronJobs.get(namespace, name);
    if (cronJob === undefined) {
      wakeAt(key, undefined);
      return undefined;
    }
    const owned = jobs.byIndex(CRONJOB_OWNER_INDEX, key).filter((job) => controllerOf(job)?.uid === cronJob.metadata.uid);
    const status = structuredClone(cronJob.status ?? {});
    await this.#syncActive(cronJob, owned, status);
    const delay = await this.#startJobIfDue(cronJob, status);
    await this.#writeStatus(cronJob, status);
    await this.#cleanupHistory(cronJob, owned);
    wakeAt(key, delay);
    return undefined;
  }

  async #syncActive(cronJob: CronJob, owned: readonly Job[], status: NonNullable<CronJob['status']>): Promise<void> {
    const { recorder, client } = this.#options;
    let active = [...(status.active ?? [])];
    for (const job of owned) {
      const inActive = active.some((reference) => reference.uid === job.metadata.uid);
      const finished = finishedCondition(job);
      if (!inActive && finished === undefined) {
        const fresh = await client.get<CronJob>(CRON_JOBS, cronJob.metadata.namespace, cronJob.metadata.name ?? '');
        if (!(fresh.status?.active ?? []).some((reference) => reference.uid === job.metadata.uid)) {
          recorder.event(cronJob, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${job.metadata.name ?? ''}`);
        }
      } else if (inActive && finished !== undefined) {
        active = active.filter((reference) => reference.uid !== job.metadata.uid);
        recorder.event(cronJob, 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata.name ?? ''}, condition: ${finished}`);
      }
      const completedAt = job.status?.completionTime;
      if (finished === 'Complete' && completedAt !== undefined) {
        const last = status.lastSuccessfulTime;
        if (last === undefined || Date.parse(completedAt) > Date.parse(last)) status.lastSuccessfulTime = completedAt;
      }
    }
    const ownedUids = new Set(owned.map((job) => job.metadata.uid));
    for (const reference of [...active]) {
      if (ownedUids.has(reference.uid)) continue;
      try {
        await client.get<Job>(JOBS, reference.namespace, reference.name ?? '');
      } catch (error) {
        if (!isNotFound(error)) throw error;
        active = active.filter((item) => item !== reference);
        recorder.event(cronJob, 'Normal', 'MissingJob', `Active job went missing: ${reference.name ?? ''}`);
      }
    }
    if (active.length === 0) delete status.active;
    else status.active = active;
  }

  /** Starts the Job that is due, if any; returns how long until the next start time. */
  async #startJobIfDue(cronJob: CronJob, status: NonNullable<CronJob['status']>): Promise<number | undefined> {
    const { recorder, clock } = this.#options;
    const spec = cronJob.spec;
    if (spec === undefined || cronJob.metadata.deletionTimestamp !== undefined || spec.suspend === true) return undefined;
    let schedule: CronSchedule;
    try {
      schedule = CronSchedule.parse(spec.schedule, spec.timeZone ?? 'UTC');
    } catch (error) {
      const reason = spec.timeZone !== undefined && errorMessage(error).startsWith('unknown time zone') ? 'UnknownTimeZone' : 'UnparseableSchedule';
      recorder.event(cronJob, 'Warning', reason, `unparseable schedule: ${JSON.stringify(spec.schedule)} : ${errorMessage(error)}`);
      return undefined;
    }
    const now = clock.now();
    const untilNext = () => {
      const next = schedule.next(now);
      return next === undefined ? undefined : next - now + NEXT_SCHEDULE_SLACK_MS;
    };
    const lastScheduled = status.lastScheduleTime ?? cronJob.status?.lastScheduleTime;
    const { scheduled, missed } = mostRecentSchedule(schedule, {
      earliest: Date.parse(lastScheduled ?? cronJob.metadata.creationTimestamp ?? rfc3339(now)),
      now,
      startingDeadlineSeconds: spec.startingDeadlineSeconds,
    });
    if (missed > MANY_MISSED) {
      recorder.event(cronJob, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`);
    }
    if (scheduled === undefined) return untilNext();
    const deadline = spec.startingDeadlineSeconds;
    if (deadline !== undefined && scheduled + deadline * 1000 < now) {
      recorder.event(cronJob, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
      return untilNext();
    }
    const jobName = jobNameFor(cronJob, scheduled);
    const active = status.active ?? [];
    if (active.some((reference) => reference.name === jobName) || (lastScheduled !== undefined && Date.parse(lastScheduled) === scheduled)) return untilNext();
    if (spec.concurrencyPolicy === 'Forbid' && active.length > 0) {
      recorder.event(cronJob, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return untilNext();
    }
    if (spec.concurrencyPolicy === 'Replace') await this.#replaceActive(cronJob, status);
    const job = await this.#createJob(cronJob, scheduled);
    if (job !== undefined && finishedCondition(job) === undefined && !(status.active ?? []).some((reference) => reference.uid === job.metadata.uid)) {
      status.active = [...(status.active ?? []), referenceTo(job)];
    }
    status.lastScheduleTime = rfc3339(scheduled);
    return untilNext();
  }

  async #replaceActive(cronJob: CronJob, status: NonNullable<CronJob['status']>): Promise<void> {
    for (const reference of status.active ?? []) {
      await this.#deleteJob(cronJob, reference.namespace, reference.name ?? '');
    }
    delete status.active;
  }

  /** Creates the Job; when it already exists (a retry after a failed status write) returns it if it is ours. */
  async #createJob(cronJob: CronJob, scheduled: number): Promise<Job | undefined> {
    const { client, recorder } = this.#options;
    const request = cronJobJobFactory(cronJob, scheduled);
    try {
      const job = await client.create<Job>(JOBS, request);
      recorder.event(cronJob, 'Normal', 'SuccessfulCreate', `Created job ${job.metadata.name ?? ''}`);
      return job;
    } catch (error) {
      if (!isAlreadyExists(error)) {
        recorder.event(cronJob, 'Warning', 'FailedCreate', `Error creating job: ${errorMessage(error)}`);
        throw error;
      }
      const existing = await client.get<Job>(JOBS, request.metadata.namespace, request.metadata.name ?? '');
      return controllerOf(existing)?.uid === cronJob.metadata.uid ? existing : undefined;
    }
  }

  async #deleteJob(cronJob: CronJob, namespace: string | undefined, name: string): Promise<void> {
    try {
      await this.#options.client.delete(JOBS, namespace, name, { propagationPolicy: 'Background' });
      this.#options.recorder.event(cronJob, 'Normal', 'SuccessfulDelete', `Deleted job ${name}`);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async #writeStatus(cronJob: CronJob, status: NonNullable<CronJob['status']>): Promise<void> {
    if (JSON.stringify(status) === JSON.stringify(cronJob.status ?? {})) return;
    await this.#options.client.update<CronJob>(CRON_JOBS, { ...cronJob, status }, { subresource: 'status' });
  }

  /** Deletes the oldest finished Jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit. */
  async #cleanupHistory(cronJob: CronJob, owned: readonly Job[]): Promise<void> {
    const spec = cronJob.spec;
    if (spec === undefined) return;
    const live = owned.filter((job) => job.metadata.deletionTimestamp === undefined);
    const byStart = (a: Job, b: Job) => {
      const [x, y] = [a.status?.startTime, b.status?.startTime];
      if (x === undefined || y === undefined) return x === y ? (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '') : x === undefined ? 1 : -1;
      return Date.parse(x) - Date.parse(y) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
    };
    for (const [type, limit] of [['Complete', spec.successfulJobsHistoryLimit], ['Failed', spec.failedJobsHistoryLimit]] as const) {
      if (limit === undefined) continue;
      const finished = live.filter((job) => finishedCondition(job) === type).sort(byStart);
      for (const job of finished.slice(0, Math.max(0, finished.length - limit))) {
        await this.#deleteJob(cronJob, job.metadata.namespace, job.metadata.name ?? '');
      }
    }
  }
}
