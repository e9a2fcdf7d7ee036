import type { FieldPath } from './field-path.js';
import { goQuote, goValue } from './go-format.js';

export { FieldPath } from './field-path.js';

/** The `reason` of a Status cause, one per kind of field problem (upstream field.ErrorType). */
export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid';

/**
 * One problem at one field. When `badValue` is absent (not merely undefined) the
 * message leaves the value out, as upstream's omitValue does.
 */
export interface FieldError {
  readonly type: FieldErrorType;
  readonly field: string;
  readonly badValue?: unknown;
  readonly detail: string;
}

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueTypeInvalid: 'Invalid value',
};

const VALUELESS = new Set<FieldErrorType>(['FieldValueRequired', 'FieldValueForbidden', 'FieldValueTooLong']);

type Path = FieldPath | string;

function error(type: FieldErrorType, path: Path, detail: string, value?: { value: unknown }): FieldError {
  const field = path.toString();
  return value === undefined ? { type, field, detail } : { type, field, badValue: value.value, detail };
}

export function required(path: Path, detail = ''): FieldError {
  return error('FieldValueRequired', path, detail);
}

export function invalid(path: Path, value: unknown, detail: string): FieldError {
  return error('FieldValueInvalid', path, detail, { value });
}

export function notSupported(path: Path, value: unknown, supported: readonly string[]): FieldError {
  const detail = supported.length === 0 ? '' : `supported values: ${supported.map(goQuote).join(', ')}`;
  return error('FieldValueNotSupported', path, detail, { value });
}

export function duplicate(path: Path, value: unknown): FieldError {
  return error('FieldValueDuplicate', path, '', { value });
}

export function forbidden(path: Path, detail: string): FieldError {
  return error('FieldValueForbidden', path, detail);
}

/** `max` is in bytes; a negative max leaves it out of the message. */
export function tooLong(path: Path, value: unknown, max: number): FieldError {
  const detail = max >= 0 ? `must have at most ${max} ${max === 1 ? 'byte' : 'bytes'}` : 'value is too long';
  return error('FieldValueTooLong', path, detail, { value });
}

/** A negative `actual` or `max` leaves that number out of the message. */
export function tooMany(path: Path, actual: number, max: number): FieldError {
  const detail = max >= 0 ? `must have at most ${max} ${max === 1 ? 'item' : 'items'}` : 'has too many items';
  return error('FieldValueTooMany', path, detail, actual >= 0 ? { value: actual } : undefined);
}

export function typeInvalid(path: Path, value: unknown, detail: string): FieldError {
  return error('FieldValueTypeInvalid', path, detail, { value });
}

/** The message without the field, as upstream's ErrorBody (and a Status cause's message). */
export function fieldErrorBody(e: FieldError): string {
  let body = TYPE_TEXT[e.type];
  if (!VALUELESS.has(e.type) && 'badValue' in e) body += `: ${goValue(e.badValue)}`;
  if (e.detail !== '') body += `: ${e.detail}`;
  return body;
}

/** `field: body`, as upstream's field.Error.Error(). */
export function fieldErrorMessage(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/**
 * The message of a 422 Invalid Status, as upstream's NewInvalid: one error plainly,
 * several (with repeated messages dropped) in brackets.
 */
export function invalidObjectMessage(qualifiedKind: string, name: string, errors: readonly FieldError[]): string {
  const messages = [...new Set(errors.map(fieldErrorMessage))];
  const summary = messages.length === 0 ? '<nil>' : messages.length === 1 ? (messages[0] ?? '') : `[${messages.join(', ')}]`;
  return `${qualifiedKind} ${goQuote(name)} is invalid: ${summary}`;
}
