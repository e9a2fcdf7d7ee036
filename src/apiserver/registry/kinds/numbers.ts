import type { FieldPath } from '../../../api/field-path.js';
import type { Problems } from './problems.js';

export const INT32_MAX = 2147483647;

/** Upstream's InclusiveRangeError. */
export function inclusiveRangeError(low: number, high: number): string {
  return `must be between ${low} and ${high}, inclusive`;
}

/** Upstream's ValidateNonnegativeField; an absent value is fine. */
export function checkNonnegative(problems: Problems, path: FieldPath, value: number | undefined): void {
  if (value !== undefined && value < 0) problems.invalid(path, value, 'must be greater than or equal to 0');
}

/** Upstream's ValidatePositiveField-style check: "must be greater than 0". */
export function checkPositive(problems: Problems, path: FieldPath, value: number | undefined): void {
  if (value !== undefined && value <= 0) problems.invalid(path, value, 'must be greater than 0');
}
