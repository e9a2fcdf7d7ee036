import { goQuote } from '../../api/go-format.js';
import { isPlainObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';
import { apiErrors, type ApiError } from '../http/api-error.js';

/**
 * The 400 that refuses a create or update under fieldValidation=Strict, worded as
 * upstream's decoder: `Deployment in version "v1" cannot be handled as a Deployment:
 * strict decoding error: unknown field "spec.replicaz"`.
 */
export function strictDecodingError(info: ResourceInfo, errors: readonly string[]): ApiError {
  return apiErrors.badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: strict decoding error: ${errors.join(', ')}`);
}

/**
 * The 422 that refuses a patch under fieldValidation=Strict, as upstream words it:
 * ` "" is invalid: patch: Invalid value: "<value>": strict decoding error: ...` (upstream
 * names no kind there, hence the leading space). The value is the patched object's
 * JSON for JSON and merge patches, and goPrinted(patch) for strategic merge patches.
 */
export function strictPatchError(value: string, errors: readonly string[]): ApiError {
  const problem = `Invalid value: ${goQuote(value)}: strict decoding error: ${errors.join(', ')}`;
  return apiErrors.invalid('', { group: '', resource: '', name: '' }, ` "" is invalid: patch: ${problem}`, [
    { reason: 'FieldValueInvalid', message: problem, field: 'patch' },
  ]);
}

/** What the strict decoder found, as values of Warning headers (fieldValidation=Warn). */
export function strictDecodingWarnings(errors: readonly string[]): string[] {
  return errors.map((error) => `299 - ${JSON.stringify(error)}`);
}

/** A decoded JSON value as Go's `%+v` prints it: `map[spec:map[replicas:<nil> replicaz:2]]`, keys sorted. */
export function goPrinted(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goPrinted).join(' ')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `map[${keys.map((key) => `${key}:${goPrinted(value[key])}`).join(' ')}]`;
  }
  if (typeof value === 'number') return goFloat(value);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  return typeof value;
}

/** A float64 as `%v` prints it: shortest form, exponent from 1e21 or below 1e-4 (`1e+21`, `1e-05`). */
function goFloat(value: number): string {
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e21 || abs < 1e-4)) {
    const [mantissa, exponent = '0'] = value.toExponential().split('e');
    const sign = exponent.startsWith('-') ? '-' : '+';
    return `${mantissa}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  return String(value);
}
