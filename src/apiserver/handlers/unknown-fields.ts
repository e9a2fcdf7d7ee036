import type { JsonObject, JsonValue } from '../../api/openapi/openapi-documents.js';
import { isJsonObject, openApiDocument, referencedSchemaName, schemaNameOf } from '../../api/openapi/openapi-documents.js';
import { isPlainObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';
import { type JsonNode, scanJsonKeys } from './json-key-scanner.js';
import { strictDecodingError, strictDecodingWarnings } from './strict-decoding-error.js';

type Resolve = (schema: JsonValue | undefined) => JsonObject | undefined;

/** The schema of the kind and a resolver of `$ref`s, or undefined for a group version without OpenAPI. */
function kindSchema(info: ResourceInfo): { root: JsonObject | undefined; resolve: Resolve } | undefined {
  const schemas = openApiDocument(info.group, info.version)?.components.schemas;
  if (schemas === undefined) return undefined;
  const resolve: Resolve = (schema) => {
    if (!isJsonObject(schema)) return undefined;
    const name = referencedSchemaName(schema);
    return name === undefined ? schema : schemas[name];
  };
  return { root: schemas[schemaNameOf(info.group, info.version, info.kind)], resolve };
}

/** Field paths as upstream's strict JSON decoder writes them: `spec.template.spec.containers[0].name`, map keys after a dot. */
function childPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function propertiesOf(schema: JsonObject): JsonObject | undefined {
  return isJsonObject(schema.properties) ? schema.properties : undefined;
}

/**
 * Removes the fields of `object` that its kind's schema does not define, as decoding
 * into Kubernetes' typed structs does, and returns their paths (`spec.foo`,
 * `spec.template.spec.containers[0].imagePolicy`) so the caller can refuse or warn.
 */
export function pruneUnknownFields(info: ResourceInfo, object: Record<string, unknown>): string[] {
  const kind = kindSchema(info);
  if (kind === undefined) return [];
  const { resolve } = kind;
  const unknown: string[] = [];
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
    const properties = propertiesOf(schema);
    if (properties === undefined) {
      const values = resolve(schema.additionalProperties);
      if (values !== undefined) for (const [key, child] of Object.entries(value)) walk(child, values, childPath(path, key));
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      if (!(key in properties)) {
        unknown.push(childPath(path, key));
        delete value[key];
        continue;
      }
      walk(child, resolve(properties[key]), childPath(path, key));
    }
  };
  walk(object, kind.root, '');
  return unknown;
}

/**
 * Upstream's strict decoding errors for a JSON request body, in the order of the
 * document: `duplicate field "metadata.name"` for a key given twice in one object,
 * `unknown field "spec.replicaz"` for a field the kind's schema does not define (once,
 * however often it repeats, and nothing beneath it).
 */
export function strictDecodingErrors(info: ResourceInfo, json: string): string[] {
  const kind = kindSchema(info);
  const errors = new Set<string>();
  const walk = (node: JsonNode, schema: JsonObject | undefined, path: string): void => {
    if (node.type === 'array') {
      node.items.forEach((item, index) => {
        walk(item, kind?.resolve(schema?.items), `${path}[${index}]`);
      });
      return;
    }
    if (node.type !== 'object') return;
    const properties = schema === undefined ? undefined : propertiesOf(schema);
    const values = properties === undefined ? kind?.resolve(schema?.additionalProperties) : undefined;
    const seen = new Set<string>();
    for (const [key, child] of node.entries) {
      const at = childPath(path, key);
      if (properties !== undefined && !(key in properties)) {
        errors.add(`unknown field "${at}"`);
        continue;
      }
      if (seen.has(key)) errors.add(`duplicate field "${at}"`);
      seen.add(key);
      walk(child, properties === undefined ? values : kind?.resolve(properties[key]), at);
    }
  };
  walk(scanJsonKeys(json), kind?.root, '');
  return [...errors];
}

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** The `fieldValidation` query parameter; Kubernetes defaults to Warn. */
export function fieldValidationOf(params: URLSearchParams): FieldValidation | undefined {
  const value = params.get('fieldValidation') ?? 'Warn';
  return value === 'Strict' || value === 'Warn' || value === 'Ignore' ? value : undefined;
}

/** A request body, as read, with its content type. */
export interface RequestBody {
  readonly bytes: Uint8Array;
  readonly contentType: string | undefined;
}

/**
 * Applies `fieldValidation` to an object decoded from a create or update body: prunes
 * its unknown fields, then refuses them and any duplicate field of a JSON body
 * (Strict, 400), reports them through `warn` (Warn), or says nothing (Ignore).
 * Protobuf and YAML bodies are checked for unknown fields only.
 */
export function enforceFieldValidation(options: {
  readonly validation: FieldValidation;
  readonly info: ResourceInfo;
  readonly object: Record<string, unknown>;
  readonly body?: RequestBody;
  readonly warn: (warnings: string[]) => void;
}): void {
  const { validation, info, object, body } = options;
  const unknown = pruneUnknownFields(info, object);
  if (validation === 'Ignore') return;
  const json = body === undefined ? undefined : jsonText(body);
  const errors = json === undefined ? unknown.map((path) => `unknown field "${path}"`) : strictDecodingErrors(info, json);
  if (errors.length === 0) return;
  if (validation === 'Strict') throw strictDecodingError(info, errors);
  options.warn(strictDecodingWarnings(errors));
}

function jsonText(body: RequestBody): string | undefined {
  const type = (body.contentType ?? 'application/json').split(';')[0]?.trim() ?? '';
  return type.endsWith('json') ? new TextDecoder().decode(body.bytes) : undefined;
}
