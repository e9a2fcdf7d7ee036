/**
 * The Swagger 2.0 form of the v3 path items: the request body becomes a `body`
 * parameter and its media types `consumes`; the response media types become
 * `produces`. kubectl before 1.28 reads each kind's PATCH operation here (found by
 * `x-kubernetes-group-version-kind`) to learn whether it takes strategic merge
 * patches and whether the server checks fields itself (`fieldValidation`).
 */
import type { JsonObject, JsonValue, OpenApiOperation, OpenApiParameter, OpenApiPathItem } from './openapi-documents.js';
import { toV2Schema } from './openapi-v2-schema.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function toV2Parameter(parameter: OpenApiParameter): JsonObject {
  return {
    name: parameter.name,
    in: parameter.in,
    description: parameter.description,
    ...(parameter.required === true ? { required: true } : {}),
    type: parameter.schema.type,
    uniqueItems: true,
  };
}

/** A v3 `content` map's media types and the schema of its first entry. */
type Content = Readonly<Record<string, { readonly schema: Readonly<Record<string, unknown>> }>>;

function mediaOf(content: Content): { types: string[]; schema: JsonObject | undefined } {
  const entries = Object.entries(content);
  const first = entries[0]?.[1].schema as JsonValue | undefined;
  return { types: entries.map(([type]) => type), schema: first === undefined ? undefined : toV2Schema(first) };
}

function toV2Operation(operation: OpenApiOperation): JsonObject {
  const parameters = (operation.parameters ?? []).map(toV2Parameter);
  const out: JsonObject = { description: operation.description };
  if (operation.requestBody !== undefined) {
    const body = mediaOf(operation.requestBody.content);
    out.consumes = body.types;
    parameters.unshift({ name: 'body', in: 'body', required: true, schema: body.schema ?? {} });
  }
  const produces = new Set<string>();
  const responses: JsonObject = {};
  for (const [code, response] of Object.entries(operation.responses)) {
    const entry: JsonObject = { description: response.description };
    if (response.content !== undefined) {
      const media = mediaOf(response.content);
      for (const type of media.types) produces.add(type);
      if (media.schema !== undefined) entry.schema = media.schema;
    }
    responses[code] = entry;
  }
  Object.assign(out, {
    operationId: operation.operationId,
    ...(produces.size > 0 ? { produces: [...produces] } : {}),
    schemes: ['https'],
    tags: [...operation.tags],
    ...(parameters.length > 0 ? { parameters } : {}),
    responses,
    'x-kubernetes-action': operation['x-kubernetes-action'],
    'x-kubernetes-group-version-kind': { ...operation['x-kubernetes-group-version-kind'] },
  });
  return out;
}

/** One v3 path item in its v2 form. */
export function toV2PathItem(item: OpenApiPathItem): JsonObject {
  const out: JsonObject = {};
  for (const method of METHODS) {
    const operation = item[method];
    if (operation !== undefined) out[method] = toV2Operation(operation);
  }
  if (item.parameters !== undefined) out.parameters = item.parameters.map(toV2Parameter);
  return out;
}
