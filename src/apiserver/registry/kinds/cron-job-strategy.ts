import type { ApiObject } from '../../../api/object.js';
import { isPlainObject } from '../../../api/object.js';
import { goLabelSelector } from './go-values.js';
import { cronScheduleError, isTimeZone } from '../../../api/cron-schedule.js';
import { ensureObject, objectAt, setDefault } from './json.js';
import { checkJobSpec } from './job-spec-validation.js';
import { KindStrategy } from './kind-strategy.js';
import { checkNonnegative } from './numbers.js';
import type { ObjectReader } from './object-reader.js';
import { applyTemplateDefaults } from './pod-defaults.js';

const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace'];
/** Jobs get an 11-character suffix (`-<timestamp>`) and Job names are at most 63 characters. */
const MAX_NAME_LENGTH = 52;
const TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

function checkTimeZone(spec: ObjectReader): void {
  const zone = spec.optionalString('timeZone');
  if (zone === undefined) return;
  const { problems } = spec;
  const path = spec.at('timeZone');
  if (zone === '') { problems.invalid(path, zone, 'timeZone must be nil or non-empty string'); return; }
  const badPart = zone.split('/').some((part) => part === '.' || part === '..' || part.startsWith('-') || !TIME_ZONE_PART.test(part));
  if (badPart) { problems.invalid(path, zone, `unknown time zone ${zone}`); return; }
  if (zone.toLowerCase() === 'local') problems.invalid(path, zone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones');
  if (!isTimeZone(zone)) problems.invalid(path, zone, `unknown time zone ${zone}`);
}

function checkSchedule(spec: ObjectReader, oldSchedule: string | undefined): void {
  const { problems } = spec;
  const schedule = spec.string('schedule');
  const path = spec.at('schedule');
  if (schedule === '') { problems.required(path); return; }
  const error = cronScheduleError(schedule);
  if (error !== undefined) problems.invalid(path, schedule, error);
  const allowTimeZoneInSchedule = oldSchedule?.includes('TZ') ?? false;
  if (allowTimeZoneInSchedule && schedule.includes('TZ') && spec.has('timeZone')) {
    problems.invalid(path, schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule');
  } else if (!allowTimeZoneInSchedule && schedule.includes('TZ')) {
    problems.invalid(path, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
  }
}

/** CronJobs (batch/v1): upstream's defaults and ValidateCronJobCreate / ValidateCronJobUpdate. */
export class CronJobStrategy extends KindStrategy {
  override applyDefaults(object: ApiObject): void {
    const spec = ensureObject(object, 'spec');
    if (spec === undefined) return;
    setDefault(spec, 'concurrencyPolicy', 'Allow');
    setDefault(spec, 'suspend', false);
    setDefault(spec, 'successfulJobsHistoryLimit', 3);
    setDefault(spec, 'failedJobsHistoryLimit', 1);
    const jobTemplate = ensureObject(spec, 'jobTemplate');
    const jobSpec = jobTemplate === undefined ? undefined : ensureObject(jobTemplate, 'spec');
    if (jobSpec !== undefined) applyTemplateDefaults(jobSpec);
  }

  protected override check(root: ObjectReader, old: ApiObject | undefined): void {
    const spec = root.struct('spec');
    const { problems } = spec;
    const oldSpec = old === undefined ? undefined : objectAt(old, 'spec');
    const oldSchedule = typeof oldSpec?.['schedule'] === 'string' ? oldSpec['schedule'] : undefined;
    checkSchedule(spec, old === undefined ? undefined : (oldSchedule ?? ''));
    checkNonnegative(problems, spec.at('startingDeadlineSeconds'), spec.int('startingDeadlineSeconds'));
    if (old === undefined || spec.raw('timeZone') !== oldSpec?.['timeZone']) checkTimeZone(spec);
    const policy = spec.string('concurrencyPolicy');
    if (policy === '') problems.required(spec.at('concurrencyPolicy'));
    else if (!CONCURRENCY_POLICIES.includes(policy)) problems.notSupported(spec.at('concurrencyPolicy'), policy, CONCURRENCY_POLICIES);
    const jobSpec = spec.struct('jobTemplate').struct('spec');
    checkJobSpec(jobSpec);
    if (jobSpec.has('selector')) problems.invalid(jobSpec.at('selector'), goLabelSelector(jobSpec.raw('selector')), '`selector` will be auto-generated');
    if (jobSpec.bool('manualSelector') === true) problems.notSupported(jobSpec.at('manualSelector'), true, ['nil', 'false']);
    checkNonnegative(problems, spec.at('successfulJobsHistoryLimit'), spec.int('successfulJobsHistoryLimit'));
    checkNonnegative(problems, spec.at('failedJobsHistoryLimit'), spec.int('failedJobsHistoryLimit'));
    const metadata = root.fields['metadata'];
    const name = isPlainObject(metadata) && typeof metadata['name'] === 'string' ? metadata['name'] : '';
    if (old === undefined && name.length > MAX_NAME_LENGTH) problems.invalid(root.at('metadata', 'name'), name, `must be no more than ${MAX_NAME_LENGTH} characters`);
  }
}
