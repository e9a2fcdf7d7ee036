import { fromLabelSelector } from '../../api/label-selector.js';
import type { ApiObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';

/** One column of a server-side Table and how to fill its cell. */
export interface Column {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'boolean' | 'date';
  readonly format?: string;
  readonly description: string;
  /** 0: always shown; 1: only with `-o wide`. */
  readonly priority?: number;
  readonly cell: (object: ApiObject, now: number) => string | number | boolean;
}

export type Json = Record<string, unknown>;

export function obj(value: unknown): Json {
  return isPlainObject(value) ? value : {};
}

export function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(obj) : [];
}

export function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

export function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

export function countOf(value: unknown): number {
  return isPlainObject(value) ? Object.keys(value).length : 0;
}

/** A duration as kubectl prints ages: 45s, 12m, 3h, 5d, 2y (upstream's HumanDuration). */
export function age(timestamp: string | undefined, now: number): string {
  if (timestamp === undefined) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now - Date.parse(timestamp)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return `${minutes}m${seconds % 60 === 0 ? '' : `${seconds % 60}s`}`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return `${hours}h${minutes % 60 === 0 ? '' : `${minutes % 60}m`}`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 365 * 2) return `${days}d`;
  return `${Math.floor(days / 365)}y`;
}

/** A timestamp field's age, or `fallback` when unset. */
export function ageOf(value: unknown, now: number, fallback = '<unknown>'): string {
  return typeof value === 'string' && value !== '' ? age(value, now) : fallback;
}

/** Up to `max` items joined by commas, then ` + N more...`, as upstream shortens long lists. */
export function listWithMore(items: readonly string[], max: number, total = items.length, empty = ''): string {
  if (items.length === 0) return empty;
  const shown = items.slice(0, max).join(',');
  return total > max ? `${shown} + ${total - max} more...` : shown;
}


export const column = (name: string, type: Column['type'], description: string, cell: Column['cell'], priority = 0): Column => ({
  name,
  type,
  description,
  priority,
  cell,
});

/** A plain label map (a Service's selector, a nodeSelector) as `k=v,...`. */
export function labelsText(labels: unknown): string {
  const parts = Object.entries(obj(labels)).map(([key, value]) => `${key}=${str(value)}`);
  return parts.length === 0 ? '<none>' : parts.join(',');
}

/** A metav1.LabelSelector (matchLabels and matchExpressions) as kubectl prints it. */
export function labelSelectorText(selector: unknown): string {
  const text = fromLabelSelector(selector).selector?.toString() ?? '';
  return text === '' ? '<none>' : text;
}
