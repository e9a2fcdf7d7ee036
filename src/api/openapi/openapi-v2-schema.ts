/**
 * Turns one OpenAPI v3 component schema (as `/openapi/v3` serves it) into the
 * Swagger 2.0 form of `/openapi/v2`, as upstream publishes both from one source:
 * - references point into `#/definitions/`, and the `allOf: [{$ref}]` wrapper v3
 *   needs for a described reference becomes a plain `$ref` beside its description;
 * - `oneOf` (IntOrString, Quantity) becomes `type: string`, which v2 cannot say
 *   otherwise and kubectl's v2 parser expects;
 * - `default` is dropped; every `x-` extension is kept.
 */
import { isJsonObject, referencedSchemaName, type JsonObject, type JsonValue } from './openapi-documents.js';

export const V2_REF_PREFIX = '#/definitions/';

/** The keywords carried over unchanged (besides `x-` extensions). */
const PLAIN_KEYWORDS = ['description', 'type', 'format', 'required', 'enum'] as const;

function extensionsOf(schema: JsonObject, into: JsonObject): JsonObject {
  for (const [key, value] of Object.entries(schema)) if (key.startsWith('x-')) into[key] = value;
  return into;
}

/** The v2 form of a v3 schema (a definition, a property, an item schema). */
export function toV2Schema(schema: JsonValue | undefined): JsonObject {
  if (!isJsonObject(schema)) return {};
  const referenced = referencedSchemaName(schema);
  if (referenced !== undefined) {
    const out: JsonObject = { $ref: `${V2_REF_PREFIX}${referenced}` };
    if (typeof schema.description === 'string') out.description = schema.description;
    return extensionsOf(schema, out);
  }
  const out: JsonObject = {};
  if (Array.isArray(schema.oneOf)) {
    if (typeof schema.description === 'string') out.description = schema.description;
    out.type = 'string';
    if (typeof schema.format === 'string') out.format = schema.format;
    return extensionsOf(schema, out);
  }
  for (const keyword of PLAIN_KEYWORDS) {
    const value = schema[keyword];
    if (value !== undefined) out[keyword] = value;
  }
  if (isJsonObject(schema.properties)) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([name, property]) => [name, toV2Schema(property)]));
  }
  if (schema.items !== undefined) out.items = toV2Schema(schema.items);
  const additional = schema.additionalProperties;
  if (typeof additional === 'boolean') out.additionalProperties = additional;
  else if (additional !== undefined) out.additionalProperties = toV2Schema(additional);
  return extensionsOf(schema, out);
}
