import type { CronSchedule } from '../../api/cron-schedule.js';

/** Upstream warns when more start times than this were missed. */
export const MANY_MISSED = 100;

export interface MostRecentSchedule {
  /** The latest start time due at `now`, or undefined when none is due. */
  readonly scheduled: number | undefined;
  /** How many start times were missed (approximately, as upstream counts them). */
  readonly missed: number;
}

/**
 * Upstream's mostRecentScheduleTime: the latest start time after the last scheduled
 * one (or the CronJob's creation, or now - startingDeadlineSeconds if later) that
 * is not after `now`.
 */
export function mostRecentSchedule(schedule: CronSchedule, options: { earliest: number; now: number; startingDeadlineSeconds?: number | undefined }): MostRecentSchedule {
  const { now, startingDeadlineSeconds } = options;
  let earliest = options.earliest;
  if (startingDeadlineSeconds !== undefined) earliest = Math.max(earliest, now - startingDeadlineSeconds * 1000);
  const first = schedule.next(earliest);
  if (first === undefined || now < first) return { scheduled: undefined, missed: 0 };
  const second = schedule.next(first);
  if (second === undefined || now < second) return { scheduled: first, missed: 1 };
  const between = second - first;
  const missed = Math.floor((now - first) / between) + 1;
  const approximate = first + (missed - 1) * between;
  // Irregular schedules (weekdays only, ...) make the approximation miss; look back further until a start time is due.
  let lookBack = 2 * between;
  let candidate = schedule.next(Math.max(earliest, approximate - lookBack));
  while (candidate !== undefined && candidate > now && approximate - lookBack > earliest) {
    lookBack *= 2;
    candidate = schedule.next(Math.max(earliest, approximate - lookBack));
  }
  let latest = candidate === undefined || candidate > now ? first : candidate;
  for (let next = schedule.next(latest); next !== undefined && next <= now; next = schedule.next(latest)) latest = next;
  return { scheduled: latest, missed };
}
