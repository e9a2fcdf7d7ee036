import { goValue } from '../../../api/go-format.js';
import { isPlainObject } from '../../../api/object.js';
import { deepEqual } from './json.js';

const MAX_LINES = 20;

function walk(before: unknown, after: unknown, path: string, lines: string[]): void {
  if (lines.length >= MAX_LINES || deepEqual(before, after)) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) walk(before[key], after[key], `${path}.${key}`, lines);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    before.forEach((item, index) => {
      walk(item, after[index], `${path}[${index}]`, lines);
    });
    return;
  }
  if (before !== undefined && before !== null) lines.push(`- \t${path}: ${goValue(before)}`);
  if (after !== undefined && after !== null) lines.push(`+ \t${path}: ${goValue(after)}`);
}

/** A short listing of what differs between two versions of a spec, for "may not change" messages. */
export function specDiff(before: unknown, after: unknown, root: string): string {
  const lines: string[] = [];
  walk(before, after, root, lines);
  return lines.join('\n');
}
