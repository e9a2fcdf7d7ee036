import type { FieldPath } from '../../../api/field-path.js';
import type { Problems } from './problems.js';

export const FILE_MODE_ERROR = 'must be a number between 0 and 0777 (octal), both inclusive';

/** Upstream's validatePathNoBacksteps. */
export function checkNoBacksteps(problems: Problems, path: FieldPath, target: string): void {
  if (target.split('/').includes('..')) problems.invalid(path, target, "must not contain '..'");
}

/** Upstream's validateLocalDescendingPath (subPath, key-to-path items). */
export function checkLocalDescendingPath(problems: Problems, path: FieldPath, target: string): void {
  if (target.startsWith('/')) problems.invalid(path, target, 'must be a relative path');
  checkNoBacksteps(problems, path, target);
}

/** Upstream's ValidateLocalNonReservedPath. */
export function checkLocalNonReservedPath(problems: Problems, path: FieldPath, target: string): void {
  checkLocalDescendingPath(problems, path, target);
  if (target.startsWith('..') && !target.startsWith('../')) problems.invalid(path, target, "must not start with '..'");
}

export function checkFileMode(problems: Problems, path: FieldPath, mode: number | undefined): void {
  if (mode !== undefined && (mode < 0 || mode > 0o777)) problems.invalid(path, mode, FILE_MODE_ERROR);
}
