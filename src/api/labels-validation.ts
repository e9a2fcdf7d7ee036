import type { FieldError } from './field-errors.js';
import { invalid, tooLong, typeInvalid } from './field-errors.js';
import type { FieldPath } from './field-path.js';
import { validateLabelValue, validateQualifiedName } from './names.js';
import { isPlainObject } from './object.js';

/** The most bytes all annotation keys and values of one object may hold together. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** A label key (qualified name with an optional DNS-subdomain prefix); errors at `path`. */
export function validateLabelName(name: string, path: FieldPath): FieldError[] {
  return validateQualifiedName(name).map((message) => invalid(path, name, message));
}

/** Every problem with a label map; as upstream, errors name the map, not the key. */
export function validateLabels(labels: unknown, path: FieldPath): FieldError[] {
  const entries = stringEntries(labels, path);
  if (!Array.isArray(entries)) return [entries];
  const errors: FieldError[] = [];
  for (const [key, value] of entries) {
    errors.push(...validateLabelName(key, path));
    if (typeof value !== 'string') {
      errors.push(typeInvalid(path.key(key), value, 'must be a string'));
      continue;
    }
    errors.push(...validateLabelValue(value).map((message) => invalid(path, value, message)));
  }
  return errors;
}

/** Keys are qualified names in any case; keys and values total at most 256 KiB. */
export function validateAnnotations(annotations: unknown, path: FieldPath): FieldError[] {
  const entries = stringEntries(annotations, path);
  if (!Array.isArray(entries)) return [entries];
  const errors: FieldError[] = [];
  let size = 0;
  for (const [key, value] of entries) {
    errors.push(...validateQualifiedName(key.toLowerCase()).map((message) => invalid(path, key, message)));
    if (typeof value !== 'string') errors.push(typeInvalid(path.key(key), value, 'must be a string'));
    else size += Buffer.byteLength(key, 'utf8') + Buffer.byteLength(value, 'utf8');
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errors.push(tooLong(path, '', TOTAL_ANNOTATION_SIZE_LIMIT));
  return errors;
}

/** The entries of a string map, or the error if it is not an object; absent is empty. */
function stringEntries(map: unknown, path: FieldPath): [string, unknown][] | FieldError {
  if (map === undefined || map === null) return [];
  if (!isPlainObject(map)) return typeInvalid(path, map, 'must be an object of strings');
  return Object.entries(map);
}

/** A list of qualified names (e.g. finalizers); as upstream, errors name the list. */
export function validateQualifiedNameList(list: unknown, path: FieldPath): FieldError[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) return [typeInvalid(path, list, 'must be an array of strings')];
  return list.flatMap((item: unknown, index) =>
    typeof item === 'string' ? validateLabelName(item, path) : [typeInvalid(path.index(index), item, 'must be a string')],
  );
}
