import type { JsonObject, JsonValue } from '../../api/openapi/openapi-documents.js';
import { openApiDocument, schemaNameOf } from '../../api/openapi/openapi-documents.js';
import { isPlainObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';

const REF_PREFIX = '#/components/schemas/';

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Removes the fields of `object` that its kind's schema does not define, as decoding
 * into Kubernetes' typed structs does, and returns their paths (`spec.foo`,
 * `spec.template.spec.containers[0].imagePolicy`) so the caller can refuse or warn.
 */
export function pruneUnknownFields(info: ResourceInfo, object: Record<string, unknown>): string[] {
  const schemas = openApiDocument(info.group, info.version)?.components.schemas;
  if (schemas === undefined) return [];
  const unknown: string[] = [];
  const resolve = (schema: JsonValue | undefined): JsonObject | undefined => {
    if (!isObject(schema)) return undefined;
    const ref = typeof schema.$ref === 'string' ? schema.$ref : undefined;
    const [first] = Array.isArray(schema.allOf) ? schema.allOf : [];
    const target = ref ?? (isObject(first) && typeof first.$ref === 'string' ? first.$ref : undefined);
    return target === undefined ? schema : schemas[target.slice(REF_PREFIX.length)];
  };
  const walk = (value: unknown, schema: JsonObject | undefined, path: string): void => {
    if (schema === undefined) return;
    if (Array.isArray(value)) {
      const items = resolve(schema.items);
      value.forEach((item, index) => {
        walk(item, items, `${path}[${index}]`);
      });
      return;
    }
    if (!isPlainObject(value)) return;
    const properties = isObject(schema.properties) ? schema.properties : undefined;
    if (properties === undefined) {
      const values = resolve(schema.additionalProperties);
      if (values !== undefined) for (const [key, child] of Object.entries(value)) walk(child, values, `${path}[${key}]`);
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      if (!(key in properties)) {
        unknown.push(childPath);
        delete value[key];
        continue;
      }
      walk(child, resolve(properties[key]), childPath);
    }
  };
  walk(object, schemas[schemaNameOf(info.group, info.version, info.kind)], '');
  return unknown;
}

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** The `fieldValidation` query parameter; Kubernetes defaults to Warn. */
export function fieldValidationOf(params: URLSearchParams): FieldValidation | undefined {
  const value = params.get('fieldValidation') ?? 'Warn';
  return value === 'Strict' || value === 'Warn' || value === 'Ignore' ? value : undefined;
}
