import type { Job } from '../../api/kinds.js';
import { rfc3339 } from '../../util/clock.js';

export interface JobCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastProbeTime?: string;
  lastTransitionTime?: string;
}

/** Condition types, reasons and messages as upstream's Job controller writes them. */
export const JobConditionTexts = {
  completionsReached: { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
  backoffLimitExceeded: { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
  deadlineExceeded: { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' },
  suspended: { reason: 'JobSuspended', message: 'Job suspended' },
  resumed: { reason: 'JobResumed', message: 'Job resumed' },
} as const;

export function findCondition(conditions: readonly JobCondition[] | undefined, type: string): JobCondition | undefined {
  return conditions?.find((condition) => condition.type === type);
}

export function hasTrueCondition(job: Job, type: string): boolean {
  return findCondition(job.status?.conditions as JobCondition[] | undefined, type)?.status === 'True';
}

/** Whether the Job has its terminal Complete or Failed condition. */
export function isJobFinished(job: Job): boolean {
  return hasTrueCondition(job, 'Complete') || hasTrueCondition(job, 'Failed');
}

export function newCondition(type: string, status: JobCondition['status'], text: { reason: string; message: string }, now: number): JobCondition {
  const time = rfc3339(now);
  return { type, status, reason: text.reason, message: text.message, lastProbeTime: time, lastTransitionTime: time };
}

/**
 * Sets the condition of `type` to `status`; returns whether anything changed. A
 * False condition is only written over an existing one, never added.
 */
export function ensureCondition(conditions: JobCondition[], type: string, status: JobCondition['status'], text: { reason: string; message: string }, now: number): boolean {
  const existing = findCondition(conditions, type);
  if (existing === undefined) {
    if (status === 'False') return false;
    conditions.push(newCondition(type, status, text, now));
    return true;
  }
  if (existing.status === status && existing.reason === text.reason && existing.message === text.message) return false;
  if (existing.status !== status) existing.lastTransitionTime = rfc3339(now);
  existing.status = status;
  existing.reason = text.reason;
  existing.message = text.message;
  existing.lastProbeTime = rfc3339(now);
  return true;
}
