import type { Measurement } from '../lib/types.js';

/** What one part of the API benchmark (writes, lists, watches...) reports. */
export interface Section {
  readonly measurements: readonly Measurement[];
  readonly notes: readonly string[];
}
