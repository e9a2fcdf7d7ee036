import { isPlainObject } from '../../../api/object.js';

/** A JSON object as stored: the shape defaulting code edits in place. */
export type Json = Record<string, unknown>;

/** Absent in Go terms: missing or null. */
export function isUnset(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

export function objectAt(parent: Json, key: string): Json | undefined {
  const value = parent[key];
  return isPlainObject(value) ? value : undefined;
}

/** The object at `key`, created when unset; undefined when it holds something else. */
export function ensureObject(parent: Json, key: string): Json | undefined {
  if (isUnset(parent[key])) parent[key] = {};
  return objectAt(parent, key);
}

/** The object items of the list at `key` (others are left for validation to report). */
export function objectsAt(parent: Json, key: string): Json[] {
  const value = parent[key];
  return Array.isArray(value) ? value.filter(isPlainObject) : [];
}

export function setDefault(parent: Json, key: string, value: unknown): void {
  if (isUnset(parent[key])) parent[key] = value;
}

/** Go's zero-value defaulting (`if x == 0 { x = d }`): unset or 0 takes the default. */
export function setDefaultIfZero(parent: Json, key: string, value: number): void {
  if (isUnset(parent[key]) || parent[key] === 0) parent[key] = value;
}

/** Go's DeepEqual of API types treats nil and empty slices alike. */
function isEmpty(value: unknown): boolean {
  return isUnset(value) || (Array.isArray(value) && value.length === 0);
}

/** Upstream's semantic equality for JSON documents: key order does not matter. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a).filter((key) => !isEmpty(a[key]));
    const otherKeys = Object.keys(b).filter((key) => !isEmpty(b[key]));
    return keys.length === otherKeys.length && keys.every((key) => deepEqual(a[key], b[key]));
  }
  return false;
}
