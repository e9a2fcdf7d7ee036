import type { FieldPath } from '../../../api/field-path.js';
import { regexError } from '../../../api/names.js';
import { goIntOrString } from './go-values.js';
import type { Problems } from './problems.js';

const PERCENT = /^[0-9]+%$/;

function percentOf(value: unknown): number | undefined {
  return typeof value === 'string' && PERCENT.test(value) ? Number(value.slice(0, -1)) : undefined;
}

/** Upstream's getIntOrPercentValue: the percentage, the integer, or Atoi of other strings (0 if not a number). */
export function intOrPercentValue(value: unknown): number {
  const percent = percentOf(value);
  if (percent !== undefined) return percent;
  if (typeof value === 'number') return value;
  return typeof value === 'string' && /^[+-]?\d+$/.test(value) ? Number(value) : 0;
}

/** Upstream's ValidatePositiveIntOrPercent. */
export function checkPositiveIntOrPercent(problems: Problems, path: FieldPath, value: unknown): void {
  if (typeof value === 'string') {
    if (!PERCENT.test(value)) {
      const message = regexError("a valid percent string must be a numeric string followed by an ending '%'", '[0-9]+%', '1%', '93%');
      problems.invalid(path, goIntOrString(value), message);
    }
  } else if (typeof value === 'number' && Number.isInteger(value)) {
    if (value < 0) problems.invalid(path, value, 'must be greater than or equal to 0');
  } else if (value !== undefined && value !== null) {
    problems.invalid(path, goIntOrString(JSON.stringify(value)), "must be an integer or percentage (e.g '5%')");
  }
}

/** Upstream's IsNotMoreThan100Percent. */
export function checkNotMoreThan100Percent(problems: Problems, path: FieldPath, value: unknown): void {
  const percent = percentOf(value);
  if (percent !== undefined && percent > 100) problems.invalid(path, goIntOrString(value), 'must not be greater than 100%');
}
