import protobuf from 'protobufjs';
import type { Type } from 'protobufjs';
import { stringify } from 'yaml';
import { isJsonObject, type JsonObject, type JsonValue } from '../../api/openapi/openapi-documents.js';
import { GNOSTIC_OPENAPI_V2 } from './gnostic-openapi-v2.js';

/** A message in the shape protobufjs' `fromObject` takes. */
type Message = Record<string, unknown>;

let documentType: Type | undefined;

function gnosticDocument(): Type {
  documentType ??= protobuf.parse(GNOSTIC_OPENAPI_V2, { keepCase: true }).root.lookupType('gnostic.v2.Document');
  return documentType;
}

const text = (value: JsonValue | undefined): string | undefined => (typeof value === 'string' ? value : undefined);
const strings = (value: JsonValue | undefined): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
const objectOf = (value: JsonValue | undefined): JsonObject => (isJsonObject(value) ? value : {});

/** A free-form value as gnostic carries it: YAML text. */
const anyOf = (value: JsonValue): Message => ({ yaml: stringify(value) });

function vendorExtensions(object: JsonObject): Message[] {
  return Object.entries(object)
    .filter(([key]) => key.startsWith('x-'))
    .map(([name, value]) => ({ name, value: anyOf(value) }));
}

/** Drops undefined members, so that protobufjs writes only what is set. */
function compact(message: Record<string, unknown>): Message {
  return Object.fromEntries(Object.entries(message).filter(([, value]) => value !== undefined));
}

function schemaOf(schema: JsonObject): Message {
  const additional = schema.additionalProperties;
  return compact({
    ref: text(schema.$ref),
    format: text(schema.format),
    description: text(schema.description),
    required: strings(schema.required),
    enum: Array.isArray(schema.enum) ? schema.enum.map(anyOf) : undefined,
    additionalProperties: typeof additional === 'boolean' ? { boolean: additional } : isJsonObject(additional) ? { schema: schemaOf(additional) } : undefined,
    type: typeof schema.type === 'string' ? { value: [schema.type] } : undefined,
    items: isJsonObject(schema.items) ? { schema: [schemaOf(schema.items)] } : undefined,
    properties: isJsonObject(schema.properties) ? { additionalProperties: namedSchemas(schema.properties) } : undefined,
    vendorExtension: vendorExtensions(schema),
  });
}

function namedSchemas(schemas: JsonObject): Message[] {
  return Object.entries(schemas).map(([name, schema]) => ({ name, value: schemaOf(objectOf(schema)) }));
}

function parameterOf(parameter: JsonObject): Message {
  const where = text(parameter.in);
  if (where === 'body') {
    return { parameter: { bodyParameter: compact({ description: text(parameter.description), name: text(parameter.name), in: where, required: parameter.required === true, schema: schemaOf(objectOf(parameter.schema)) }) } };
  }
  const fields = compact({
    required: parameter.required === true,
    in: where,
    description: text(parameter.description),
    name: text(parameter.name),
    type: text(parameter.type),
    format: text(parameter.format),
    uniqueItems: parameter.uniqueItems === true,
  });
  const kind = where === 'path' ? 'pathParameter' : where === 'header' ? 'headerParameter' : 'queryParameter';
  return { parameter: { nonBodyParameter: { [kind]: fields } } };
}

const parametersOf = (value: JsonValue | undefined): Message[] => (Array.isArray(value) ? value.filter(isJsonObject).map(parameterOf) : []);

function operationOf(operation: JsonObject): Message {
  const responses = Object.entries(objectOf(operation.responses)).map(([code, value]) => {
    const response = objectOf(value);
    const schema = isJsonObject(response.schema) ? { schema: schemaOf(response.schema) } : undefined;
    return { name: code, value: { response: compact({ description: text(response.description), schema }) } };
  });
  return compact({
    tags: strings(operation.tags),
    description: text(operation.description),
    operationId: text(operation.operationId),
    produces: strings(operation.produces),
    consumes: strings(operation.consumes),
    parameters: parametersOf(operation.parameters),
    responses: { responseCode: responses },
    schemes: strings(operation.schemes),
    vendorExtension: vendorExtensions(operation),
  });
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

function pathItemOf(item: JsonObject): Message {
  const message: Message = { parameters: parametersOf(item.parameters), vendorExtension: vendorExtensions(item) };
  for (const method of METHODS) {
    const operation = item[method];
    if (isJsonObject(operation)) message[method] = operationOf(operation);
  }
  return message;
}

function securityOf(document: JsonObject): Message {
  const definitions = Object.entries(objectOf(document.securityDefinitions)).map(([name, value]) => {
    const scheme = objectOf(value);
    return { name, value: { apiKeySecurity: compact({ type: text(scheme.type), name: text(scheme.name), in: text(scheme.in), description: text(scheme.description) }) } };
  });
  const requirements = (Array.isArray(document.security) ? document.security.filter(isJsonObject) : []).map((requirement) => ({
    additionalProperties: Object.entries(requirement).map(([name, scopes]) => ({ name, value: { value: strings(scopes) } })),
  }));
  return { securityDefinitions: { additionalProperties: definitions }, security: requirements };
}

/**
 * A Swagger 2.0 document (as JSON) in gnostic's `openapi.v2.Document` protobuf
 * encoding, the form kubectl asks for with
 * `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`.
 */
export function encodeOpenApiV2(document: JsonObject): Uint8Array {
  const info = objectOf(document.info);
  const message = compact({
    swagger: text(document.swagger),
    info: compact({ title: text(info.title), version: text(info.version), description: text(info.description) }),
    consumes: strings(document.consumes),
    produces: strings(document.produces),
    paths: { path: Object.entries(objectOf(document.paths)).map(([name, item]) => ({ name, value: pathItemOf(objectOf(item)) })) },
    definitions: { additionalProperties: namedSchemas(objectOf(document.definitions)) },
    ...securityOf(document),
    vendorExtension: vendorExtensions(document),
  });
  const type = gnosticDocument();
  return type.encode(message).finish();
}
