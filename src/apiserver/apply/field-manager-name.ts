import type { FieldError } from '../../api/field-errors.js';
import { fieldErrorBody, invalid, invalidObjectMessage, required, tooLong } from '../../api/field-errors.js';
import type { ApiError } from '../http/api-error.js';
import { apiErrors } from '../http/api-error.js';

/** Upstream validation.FieldManagerMaxLength, in bytes. */
export const FIELD_MANAGER_MAX_LENGTH = 128;

/** The options kind a request's query parameters are validated as. */
export type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

const encoder = new TextEncoder();
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/** Upstream ValidateFieldManager: at most 128 bytes, printable characters only. */
export function fieldManagerErrors(fieldManager: string): FieldError[] {
  const errors: FieldError[] = [];
  if (byteLength(fieldManager) > FIELD_MANAGER_MAX_LENGTH) errors.push(tooLong('fieldManager', fieldManager, FIELD_MANAGER_MAX_LENGTH));
  let position = 0;
  for (const char of fieldManager) {
    if (!PRINTABLE.test(char)) {
      const code = (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
      errors.push(invalid('fieldManager', fieldManager, `invalid character U+${code} (at position ${position})`));
    }
    position += byteLength(char);
  }
  return errors;
}

/** The 422 upstream answers for invalid request options: `PatchOptions.meta.k8s.io "" is invalid: ...`. */
export function invalidOptionsError(kind: OptionsKind, errors: readonly FieldError[]): ApiError {
  const qualifiedKind = `${kind}.meta.k8s.io`;
  return apiErrors.invalid(
    qualifiedKind,
    { group: 'meta.k8s.io', resource: kind, name: '' },
    invalidObjectMessage(qualifiedKind, '', errors),
    errors.map((error) => ({ reason: error.type, message: fieldErrorBody(error), field: error.field })),
  );
}

/** Upstream prefixFromUserAgent: the text before the first `/`, printable characters only, at most 128 bytes. */
export function managerFromUserAgent(userAgent: string): string {
  let out = '';
  for (const char of userAgent.split('/')[0] ?? '') {
    if (!PRINTABLE.test(char)) continue;
    if (byteLength(out) + byteLength(char) > FIELD_MANAGER_MAX_LENGTH) break;
    out += char;
  }
  return out;
}

/**
 * The manager a create, update or non-apply patch is recorded under: the
 * `fieldManager` query parameter, else the program name of the User-Agent
 * (`kubectl/v1.32.0 (linux/amd64) kubernetes/...` -> `kubectl`), as upstream's
 * managerOrUserAgent. Throws the 422 upstream answers for an invalid `fieldManager`.
 */
export function fieldManagerFromRequest(fieldManager: string | null, userAgent: string | undefined, kind: OptionsKind = 'PatchOptions'): string {
  if (fieldManager !== null && fieldManager !== '') {
    const errors = fieldManagerErrors(fieldManager);
    if (errors.length > 0) throw invalidOptionsError(kind, errors);
    return fieldManager;
  }
  return managerFromUserAgent(userAgent ?? '');
}

/**
 * The manager of an apply patch, which upstream requires (`PatchOptions.meta.k8s.io ""
 * is invalid: fieldManager: Required value: is required for apply patch`, 422).
 */
export function applyFieldManager(fieldManager: string | null): string {
  const errors: FieldError[] = [];
  if (fieldManager === null || fieldManager === '') errors.push(required('fieldManager', 'is required for apply patch'));
  errors.push(...fieldManagerErrors(fieldManager ?? ''));
  if (errors.length > 0) throw invalidOptionsError('PatchOptions', errors);
  return fieldManager ?? '';
}
