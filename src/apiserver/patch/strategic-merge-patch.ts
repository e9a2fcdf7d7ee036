import { isPlainObject } from '../../api/object.js';
import { apiErrors } from '../http/api-error.js';

/**
 * What strategic merge patch needs to know of a type: per property, the schema of its
 * value and, for lists, how to merge them (`x-kubernetes-patch-strategy` and
 * `x-kubernetes-patch-merge-key` in the OpenAPI schema).
 */
export interface PatchSchema {
  property(name: string): PatchField | undefined;
  /** The schema of map values (`additionalProperties`), if any. */
  readonly values?: PatchSchema | undefined;
}

export interface PatchField {
  /** The schema of the value, or of each item for a list. */
  readonly schema: PatchSchema | undefined;
  readonly strategy: readonly string[];
  readonly mergeKey: string | undefined;
}

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';
const SET_ELEMENT_ORDER = '$setElementOrder/';

/**
 * Applies a strategic merge patch as the Kubernetes API server does: maps merge, `null`
 * deletes, lists with a merge strategy merge item by item (by their merge key), other
 * lists are replaced; the `$patch`, `$retainKeys`, `$deleteFromPrimitiveList` and
 * `$setElementOrder` directives are honoured.
 */
export function applyStrategicMergePatch(original: unknown, patch: unknown, schema: PatchSchema | undefined): unknown {
  if (!isPlainObject(patch)) throw apiErrors.badRequest('a strategic merge patch must be a JSON object');
  return mergeMap(isPlainObject(original) ? original : {}, patch, schema);
}

function mergeMap(original: Record<string, unknown>, patch: Record<string, unknown>, schema: PatchSchema | undefined): Record<string, unknown> {
  const directive = patch[DIRECTIVE];
  if (directive === 'replace') return withoutDirectives(patch);
  if (directive !== undefined && directive !== 'merge') {
    throw apiErrors.badRequest(`Unknown patch type: ${JSON.stringify(directive)} in map`);
  }
  const result: Record<string, unknown> = structuredClone(original);
  const retain = patch[RETAIN_KEYS];
  for (const [key, value] of Object.entries(patch)) {
    if (key === DIRECTIVE || key === RETAIN_KEYS || key.startsWith(SET_ELEMENT_ORDER)) continue;
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      const field = key.slice(DELETE_FROM_PRIMITIVE_LIST.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value)) result[field] = current.filter((item) => !value.some((v) => deepEqual(v, item)));
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const field = schema?.property(key);
    const childSchema = field?.schema ?? schema?.values;
    const current = result[key];
    if (isPlainObject(value)) {
      if (value[DIRECTIVE] === 'delete') delete result[key];
      else result[key] = mergeMap(isPlainObject(current) ? current : {}, value, childSchema);
    } else if (Array.isArray(value)) {
      result[key] = field?.strategy.includes('merge') === true ? mergeList(Array.isArray(current) ? current : [], value, field) : withoutDirectivesDeep(value);
    } else {
      result[key] = value;
    }
  }
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER) || !Array.isArray(order)) continue;
    const field = key.slice(SET_ELEMENT_ORDER.length);
    const list = result[field];
    if (Array.isArray(list)) result[field] = reorder(list, order, schema?.property(field)?.mergeKey);
  }
  if (Array.isArray(retain)) {
    for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
  }
  return result;
}

function mergeList(original: unknown[], patch: unknown[], field: PatchField): unknown[] {
  if (patch.some((item) => isPlainObject(item) && item[DIRECTIVE] === 'replace')) {
    return patch.filter((item) => !(isPlainObject(item) && item[DIRECTIVE] === 'replace')).map(withoutDirectivesDeep);
  }
  const mergeKey = field.mergeKey;
  if (mergeKey === undefined) {
    const result = [...original];
    for (const item of patch) if (!result.some((existing) => deepEqual(existing, item))) result.push(item);
    return result;
  }
  const result = original.map((item) => structuredClone(item));
  for (const item of patch) {
    if (!isPlainObject(item)) throw apiErrors.badRequest(`the list patched by merge key ${mergeKey} holds a non-object`);
    if (!(mergeKey in item)) throw apiErrors.badRequest(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
    const index = result.findIndex((existing) => isPlainObject(existing) && deepEqual(existing[mergeKey], item[mergeKey]));
    if (item[DIRECTIVE] === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) {
      const existing = result[index];
      result[index] = mergeMap(isPlainObject(existing) ? existing : {}, item, field.schema);
    } else {
      result.push(withoutDirectivesDeep(item));
    }
  }
  return result;
}

function reorder(list: unknown[], order: unknown[], mergeKey: string | undefined): unknown[] {
  const keyOf = (item: unknown) => (mergeKey !== undefined && isPlainObject(item) ? item[mergeKey] : item);
  const position = (item: unknown) => {
    const index = order.findIndex((entry) => deepEqual(keyOf(entry), keyOf(item)));
    return index < 0 ? order.length : index;
  };
  return [...list].sort((a, b) => position(a) - position(b));
}

function withoutDirectives(map: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(map)) {
    if (key === DIRECTIVE || key === RETAIN_KEYS || key.startsWith(SET_ELEMENT_ORDER) || key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) continue;
    result[key] = withoutDirectivesDeep(value);
  }
  return result;
}

function withoutDirectivesDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDirectivesDeep);
  if (isPlainObject(value)) return withoutDirectives(value);
  return value;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
