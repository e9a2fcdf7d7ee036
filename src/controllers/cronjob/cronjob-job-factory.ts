import type { CronJob, Job } from '../../api/kinds.js';
import { rfc3339InZone } from '../../api/zoned-time.js';

export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/** Upstream names a CronJob's Job after its scheduled time in minutes since the epoch. */
export function jobNameFor(cronJob: CronJob, scheduledAt: number): string {
  return `${cronJob.metadata.name ?? ''}-${Math.floor(scheduledAt / 60_000)}`;
}

/** The Job a CronJob starts for `scheduledAt`, from its jobTemplate and owned by it. */
export function cronJobJobFactory(cronJob: CronJob, scheduledAt: number): Job {
  const template = structuredClone(cronJob.spec?.jobTemplate ?? {});
  const annotations = { ...(template.metadata?.annotations ?? {}) };
  annotations[SCHEDULED_TIMESTAMP_ANNOTATION] = rfc3339InZone(scheduledAt, cronJob.spec?.timeZone ?? 'UTC');
  const labels = template.metadata?.labels;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobNameFor(cronJob, scheduledAt),
      namespace: cronJob.metadata.namespace ?? 'default',
      ...(labels === undefined ? {} : { labels: { ...labels } }),
      annotations,
      ownerReferences: [
        { apiVersion: 'batch/v1', kind: 'CronJob', name: cronJob.metadata.name ?? '', uid: cronJob.metadata.uid ?? '', controller: true, blockOwnerDeletion: true },
      ],
    },
    ...(template.spec === undefined ? {} : { spec: template.spec }),
  };
}
