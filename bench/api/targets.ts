import type { Target } from '../lib/types.js';

/** Creates and updates through the API, 50 clients: 99th percentile latency. */
export const MUTATING_P99_MAX_MS = 25;
/** API writes per second as a fraction of the raw SqliteStorage's. */
export const RAW_RATIO_MIN = 0.5;
/** Delivery of one event to each of 1000 watchers: 99th percentile. */
export const WATCH_P99_MAX_MS = 100;
/** From spawning the server to /readyz answering ok. */
export const COLD_START_MAX_MS = 1000;
/** Resident memory of an idle server. */
export const IDLE_RSS_MAX_MIB = 100;

export function zeroErrors(errors: number): Target {
  return { description: '0 errors', met: errors === 0 };
}

export function atMost(value: number, max: number, unit: string): Target {
  return { description: `<= ${max} ${unit}`, met: value <= max };
}

export function rawRatio(ratio: number): Target {
  return { description: `>= ${RAW_RATIO_MIN.toFixed(2)}x raw`, met: ratio >= RAW_RATIO_MIN };
}

export function allReceived(received: number, expected: number): Target {
  return { description: `= ${expected}`, met: received === expected };
}
