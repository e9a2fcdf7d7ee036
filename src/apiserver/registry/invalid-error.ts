import type { ResourceInfo } from '../../api/resources.js';
import { apiErrors, type ApiError } from '../http/api-error.js';
import type { StrategyFieldError } from './resource-strategy.js';

/** The 422 Invalid error for an object, listing every field problem as upstream does. */
export function invalidError(info: ResourceInfo, name: string, errors: readonly StrategyFieldError[]): ApiError {
  const qualifiedKind = info.group === '' ? info.kind : `${info.kind}.${info.group}`;
  const lines = errors.map((error) => `${error.field}: ${error.message}`);
  const summary = lines.length === 1 ? (lines[0] ?? '') : `[${lines.join(', ')}]`;
  return apiErrors.invalid(
    qualifiedKind,
    { group: info.group, resource: info.resource, name },
    `${qualifiedKind} "${name}" is invalid: ${summary}`,
    errors.map((error) => ({ reason: error.type, message: error.message, field: error.field })),
  );
}
