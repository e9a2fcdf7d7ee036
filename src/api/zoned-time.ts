/** Wall-clock fields of an instant in a time zone, as a naive UTC timestamp (ms). */
export type WallTime = number;

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** The offset of `zone` from UTC at `instant`, in ms (east positive). */
export function zoneOffsetMs(instant: number, zone: string): number {
  if (zone === 'UTC') return 0;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  const wholeSeconds = instant - (((instant % 1000) + 1000) % 1000);
  return wall - wholeSeconds;
}

/** The wall-clock time in `zone` at `instant`. */
export function toWallTime(instant: number, zone: string): WallTime {
  return instant + zoneOffsetMs(instant, zone);
}

/**
 * The instant at which clocks in `zone` show `wall`. In a gap (clocks jumping
 * forward) this is the instant after the gap; in a fold, the earlier of the two.
 */
export function fromWallTime(wall: WallTime, zone: string): number {
  const before = wall - zoneOffsetMs(wall - DAY_MS, zone);
  const after = wall - zoneOffsetMs(wall + DAY_MS, zone);
  const exact = [before, after].filter((instant) => toWallTime(instant, zone) === wall);
  return exact.length === 0 ? before : Math.min(...exact);
}

/** Whether the IANA time zone database knows `zone`. */
export function isTimeZone(zone: string): boolean {
  if (zone === '' || zone === 'UTC') return true;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** RFC 3339 with the zone's numeric offset (`Z` in UTC), whole seconds, as Go formats time.RFC3339. */
export function rfc3339InZone(instant: number, zone: string): string {
  const offset = zoneOffsetMs(instant, zone);
  const wall = new Date(instant + offset).toISOString().replace(/\.\d+Z$/, '');
  if (offset === 0) return `${wall}Z`;
  const minutes = Math.abs(offset) / 60_000;
  const sign = offset < 0 ? '-' : '+';
  return `${wall}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
