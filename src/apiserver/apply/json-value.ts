/**
 * JSON values as the apply engine walks them. `undefined` stands for "absent" (Go's
 * nil value.Value) and `null` for an explicit JSON null, as structured-merge-diff
 * distinguishes them.
 */
import { goQuote } from '../../api/go-format.js';

export function isMap(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isList(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}

export function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Deep equality of two JSON values (upstream value.Equals). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isList(a)) return isList(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  if (isMap(a)) {
    if (!isMap(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
  }
  return false;
}

function rank(value: unknown): number {
  if (typeof value === 'number') return 0;
  if (typeof value === 'string') return 1;
  if (typeof value === 'boolean') return 2;
  if (isList(value)) return 3;
  if (isMap(value)) return 4;
  return 5;
}

function compareOrdered<T extends string | number | boolean>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The total order of upstream value.Compare: numbers, strings, booleans, lists, maps, null. */
export function compareValues(a: unknown, b: unknown): number {
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return Math.sign(byRank);
  if (isScalar(a) && isScalar(b)) return compareOrdered(a, b);
  if (isList(a) && isList(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return c;
    }
    return Math.sign(a.length - b.length);
  }
  if (isMap(a) && isMap(b)) {
    const ak = Object.keys(a).sort();
    const bk = Object.keys(b).sort();
    for (let i = 0; i < Math.min(ak.length, bk.length); i++) {
      const [x = '', y = ''] = [ak[i], bk[i]];
      const c = compareOrdered(x, y) || compareValues(a[x], b[y]);
      if (c !== 0) return c;
    }
    return Math.sign(ak.length - bk.length);
  }
  return 0;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** A string as Go's encoding/json writes it (HTML characters escaped). */
export function goJsonString(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** JSON text as Go's encoding/json writes a decoded document: map keys sorted, HTML escaped. */
export function goJson(value: unknown): string {
  if (typeof value === 'string') return goJsonString(value);
  if (isList(value)) return `[${value.map(goJson).join(',')}]`;
  if (isMap(value)) {
    const entries = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${goJsonString(key)}:${goJson(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** A value as upstream value.ToString prints it in field paths (`"web"`, `80`, `[1,2]`). */
export function valueString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goQuote(value);
  if (isScalar(value)) return String(value);
  if (isList(value)) return `[${value.map(valueString).join(',')}]`;
  if (isMap(value)) return Object.keys(value).map((key) => `${key}=${valueString(value[key])}`).join('');
  return '{{undefined}}';
}

/** `value` without map entries whose value is null, recursively (what a typed Go round trip drops). */
export function withoutNulls(value: unknown): unknown {
  if (isList(value)) return value.map(withoutNulls);
  if (!isMap(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (inner !== null && inner !== undefined) out[key] = withoutNulls(inner);
  }
  return out;
}

/**
 * `value` with the entries of `defaults` it lacks, recursively through maps both
 * have. Used to give stored objects the structs Go always serializes (`status: {}`),
 * so a write that first sets a field inside one does not count as creating it.
 */
export function fillAbsent(value: unknown, defaults: unknown): unknown {
  if (!isMap(defaults) || !isMap(value)) return value;
  const out: Record<string, unknown> = { ...value };
  for (const [key, fallback] of Object.entries(defaults)) {
    out[key] = Object.hasOwn(value, key) ? fillAbsent(value[key], fallback) : fallback;
  }
  return out;
}
