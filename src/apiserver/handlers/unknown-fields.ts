import type { JsonObject, JsonValue } from '../../api/openapi/openapi-documents.js';
import { isJsonObject, openApiDocument, referencedSchemaName, schemaNameOf } from '../../api/openapi/openapi-documents.js';
import { isPlainObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';


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
    if (!isJsonObject(schema)) return undefined;
    const name = referencedSchemaName(schema);
    return name === undefined ? schema : schemas[name];
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
    const properties = isJsonObject(schema.properties) ? schema.properties : undefined;
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
