import { CompactedError, ConflictError, FutureRevisionError, KeyNotFoundError } from './errors.js';
import type { KeyValue } from './interface.js';

/**
 * The revision a read is served at in a store that keeps its own history: the current
 * one when none (or 0) is asked for; a future or compacted one is an error.
 */
export function readRevision(requested: number | undefined, current: number, compacted: number): number {
  if (requested === undefined || requested === 0) return current;
  if (requested > current) throw new FutureRevisionError(requested, current);
  if (requested < compacted) throw new CompactedError(requested, compacted);
  return requested;
}

/** The key's current value, if it exists and the caller's expected revision still holds. */
export function guardedValue(key: string, current: KeyValue | undefined, expectedModRevision: number | undefined): KeyValue {
  if (current === undefined) throw new KeyNotFoundError(key);
  if (expectedModRevision !== undefined && current.modRevision !== expectedModRevision) {
    throw new ConflictError(key, expectedModRevision, current);
  }
  return current;
}
