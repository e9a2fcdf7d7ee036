import { fromWallTime, isTimeZone, toWallTime } from './zoned-time.js';

export { isTimeZone } from './zoned-time.js';

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

/** The values one field allows, and whether it was written as `*` or `?` (which changes day matching). */
interface FieldSet {
  readonly values: ReadonlySet<number>;
  readonly star: boolean;
}

const MONTHS = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FIELDS: readonly Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];
const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/;
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;
const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const INT = /^[+-]?\d+$/;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** Like robfig/cron, give up looking for a matching time after five years. */
const SEARCH_YEARS = 5;

class CronError extends Error {}

/** Go's strconv.Atoi as robfig/cron's mustParseInt uses it, with its messages. */
function parseNumber(text: string): number {
  if (!INT.test(text)) throw new CronError(`failed to parse int from ${text}: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new CronError(`failed to parse int from ${text}: strconv.Atoi: parsing ${JSON.stringify(text)}: value out of range`);
  if (value < 0) throw new CronError(`negative number (${value}) not allowed: ${text}`);
  return value;
}

function parseIntOrName(text: string, bounds: Bounds): number {
  const named = bounds.names?.[text.toLowerCase()];
  return named ?? parseNumber(text);
}

/** robfig/cron's getRange for one comma-separated term of a field. */
function parseRange(expression: string, bounds: Bounds, into: Set<number>): boolean {
  const rangeAndStep = expression.split('/');
  const lowAndHigh = (rangeAndStep[0] ?? '').split('-');
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0] ?? '', bounds);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1] ?? '', bounds);
    else throw new CronError(`too many hyphens: ${expression}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = parseNumber(rangeAndStep[1] ?? '');
    if (lowAndHigh.length === 1) end = bounds.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new CronError(`too many slashes: ${expression}`);
  }
  if (start < bounds.min) throw new CronError(`beginning of range (${start}) below minimum (${bounds.min}): ${expression}`);
  if (end > bounds.max) throw new CronError(`end of range (${end}) above maximum (${bounds.max}): ${expression}`);
  if (start > end) throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expression}`);
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expression}`);
  for (let value = start; value <= end; value += step) into.add(value);
  return star;
}

function parseField(field: string, bounds: Bounds): FieldSet {
  const values = new Set<number>();
  let star = false;
  for (const term of field.split(',').filter((item) => item !== '')) star = parseRange(term, bounds, values) || star;
  return { values, star };
}

function parseDuration(spec: string, text: string): number {
  if (text === '0') return 0;
  if (!GO_DURATION.test(text)) throw new CronError(`failed to parse duration ${spec}: time: invalid duration ${JSON.stringify(text)}`);
  let total = 0;
  for (const match of text.matchAll(DURATION_PART)) total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0);
  return text.startsWith('-') ? -total : total;
}

/**
 * A parsed CronJob schedule (robfig/cron v3's standard parser, as upstream uses it):
 * five fields or a descriptor (@hourly, @daily, ..., @every 1h30m), optionally
 * prefixed with TZ=zone or CRON_TZ=zone, evaluated in a time zone.
 */
export class CronSchedule {
  readonly #fields: readonly FieldSet[];
  readonly #everyMs: number | undefined;
  readonly #zone: string;

  private constructor(fields: readonly FieldSet[], everyMs: number | undefined, zone: string) {
    this.#fields = fields;
    this.#everyMs = everyMs;
    this.#zone = zone;
  }

  /** Parses `schedule`; `timeZone` (spec.timeZone) applies unless the schedule names its own. Throws on a bad schedule. */
  static parse(schedule: string, timeZone = 'UTC'): CronSchedule {
    let spec = schedule;
    let zone = timeZone;
    if (spec === '') throw new CronError('empty spec string');
    if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
      const space = spec.indexOf(' ');
      zone = spec.slice(spec.indexOf('=') + 1, space < 0 ? undefined : space);
      if (!isTimeZone(zone)) throw new CronError(`provided bad location ${zone}: unknown time zone ${zone}`);
      spec = space < 0 ? '' : spec.slice(space).trim();
    }
    if (!isTimeZone(zone)) throw new CronError(`unknown time zone ${zone}`);
    if (spec.startsWith('@every ')) {
      const every = parseDuration(spec, spec.slice('@every '.length));
      return new CronSchedule([], Math.max(1000, every - (every % 1000)), zone);
    }
    if (spec.startsWith('@')) {
      const expanded = DESCRIPTORS[spec];
      if (expanded === undefined) throw new CronError(`unrecognized descriptor: ${spec}`);
      spec = expanded;
    }
    const fields = spec.split(/\s+/).filter((field) => field !== '');
    if (fields.length !== FIELDS.length) {
      throw new CronError(`expected exactly ${FIELDS.length} fields, found ${fields.length}: [${fields.join(' ')}]`);
    }
    return new CronSchedule(
      fields.map((field, index) => parseField(field, FIELDS[index] ?? { min: 0, max: 0 })),
      undefined,
      zone,
    );
  }

  /** The first activation strictly after `afterMs` (epoch ms), or undefined if there is none within five years. */
  next(afterMs: number): number | undefined {
    if (this.#everyMs !== undefined) return afterMs - (afterMs % 1000) + this.#everyMs;
    const [minutes, hours, , months] = this.#fields;
    if (minutes === undefined || hours === undefined || months === undefined) return undefined;
    const zone = this.#zone;
    let wall = toWallTime(afterMs, zone);
    wall = wall - (((wall % MINUTE_MS) + MINUTE_MS) % MINUTE_MS) + MINUTE_MS;
    const limit = wall + SEARCH_YEARS * 366 * 24 * HOUR_MS;
    while (wall <= limit) {
      const date = new Date(wall);
      if (!months.values.has(date.getUTCMonth() + 1)) {
        wall = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
      } else if (!this.#dayMatches(date)) {
        wall = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1);
      } else if (!hours.values.has(date.getUTCHours())) {
        wall = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), date.getUTCHours() + 1);
      } else if (!minutes.values.has(date.getUTCMinutes())) {
        wall += MINUTE_MS;
      } else {
        const instant = fromWallTime(wall, zone);
        if (instant > afterMs) return instant;
        wall += MINUTE_MS;
      }
    }
    return undefined;
  }

  /** robfig/cron: when either day field is `*`, both must match; otherwise either may. */
  #dayMatches(date: Date): boolean {
    const [, , daysOfMonth, , daysOfWeek] = this.#fields;
    if (daysOfMonth === undefined || daysOfWeek === undefined) return false;
    const domMatch = daysOfMonth.values.has(date.getUTCDate());
    const dowMatch = daysOfWeek.values.has(date.getUTCDay());
    return daysOfMonth.star || daysOfWeek.star ? domMatch && dowMatch : domMatch || dowMatch;
  }
}

/** Upstream's cron.ParseStandard (robfig/cron v3): the error message for a bad schedule, or undefined. */
export function cronScheduleError(schedule: string): string | undefined {
  try {
    CronSchedule.parse(schedule);
    return undefined;
  } catch (error) {
    if (error instanceof CronError) return error.message;
    throw error;
  }
}
