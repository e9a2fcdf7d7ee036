/**
 * The OpenAPI v3 documents the API server serves: the `/openapi/v3` index and one
 * document per served group-version (`/openapi/v3/api/v1`, `/openapi/v3/apis/apps/v1`).
 *
 * kubectl reads them to (a) print `kubectl explain`, (b) find each kind's PATCH
 * operation by `x-kubernetes-group-version-kind` and, seeing `fieldValidation`
 * there, leave validation to the server, and (c) build strategic merge patches
 * from the `x-kubernetes-patch-*` extensions of the component schemas.
 *
 * The component schemas come from `generated/schemas.json`, written by
 * `scripts/generate-openapi.ts`. That file is read at run time beside this module;
 * the TypeScript build does not copy it, so a build must copy
 * `src/api/openapi/generated/` to `dist/api/openapi/generated/`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { RESOURCES } from '../resources.js';
import { pathsOf, type OpenApiPathItem } from './openapi-paths.js';

export { schemaNameOf } from './openapi-paths.js';
export type { GroupVersionKind, OpenApiOperation, OpenApiParameter, OpenApiPathItem } from './openapi-paths.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export interface OpenApiDocument {
  readonly openapi: '3.0.0';
  readonly info: { readonly title: string; readonly version: string };
  readonly paths: Readonly<Record<string, OpenApiPathItem>>;
  readonly components: { readonly schemas: Readonly<Record<string, JsonObject>> };
}

const REF_PREFIX = '#/components/schemas/';

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The schema a property names by `$ref` or, as upstream wraps them, `allOf: [{$ref}]`. */
export function referencedSchemaName(schema: JsonValue | undefined): string | undefined {
  if (!isJsonObject(schema)) return undefined;
  if (typeof schema.$ref === 'string') return schema.$ref.slice(REF_PREFIX.length);
  const allOf = Array.isArray(schema.allOf) ? schema.allOf : [];
  const [first] = allOf;
  return allOf.length === 1 && isJsonObject(first) && typeof first.$ref === 'string' ? first.$ref.slice(REF_PREFIX.length) : undefined;
}

let allSchemas: ReadonlyMap<string, JsonObject> | undefined;

/** Every generated component schema, by name (read once). */
function schemas(): ReadonlyMap<string, JsonObject> {
  if (allSchemas !== undefined) return allSchemas;
  const beside = new URL('./generated/schemas.json', import.meta.url);
  // Running from dist/ before the build copies the JSON: fall back to the source tree.
  const source = new URL('../../../src/api/openapi/generated/schemas.json', import.meta.url);
  const parsed: unknown = JSON.parse(readFileSync(existsSync(beside) ? beside : source, 'utf8'));
  if (!isJsonObject(parsed)) throw new Error('generated/schemas.json is not a JSON object');
  allSchemas = new Map(Object.entries(parsed).filter((entry): entry is [string, JsonObject] => isJsonObject(entry[1])));
  return allSchemas;
}

/** Every `$ref` target named anywhere inside `value`. */
function refsIn(value: unknown, into: string[]): string[] {
  if (Array.isArray(value)) {
    for (const item of value) refsIn(item, into);
  } else if (isJsonObject(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string' && inner.startsWith(REF_PREFIX)) into.push(inner.slice(REF_PREFIX.length));
      else refsIn(inner, into);
    }
  }
  return into;
}

/** The schemas named by `roots` and everything they refer to, keys sorted. */
function closure(roots: Iterable<string>): Record<string, JsonObject> {
  const all = schemas();
  const found = new Map<string, JsonObject>();
  const queue = [...roots];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (found.has(name)) continue;
    const schema = all.get(name);
    if (schema === undefined) throw new Error(`OpenAPI: no generated schema ${name} (run scripts/generate-openapi.ts)`);
    found.set(name, schema);
    queue.push(...refsIn(schema, []));
  }
  return Object.fromEntries([...found].sort(([a], [b]) => (a < b ? -1 : 1)));
}

interface Built {
  readonly document: OpenApiDocument;
  readonly json: string;
  readonly hash: string;
}

const built = new Map<string, Built | undefined>();

/** The key of the index's `paths`: `api/v1` or `apis/apps/v1`. */
function pathKey(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

function build(group: string, version: string): Built | undefined {
  const key = pathKey(group, version);
  if (built.has(key)) return built.get(key);
  const resources = RESOURCES.filter((info) => info.stored && info.group === group && info.version === version);
  let result: Built | undefined;
  if (resources.length > 0) {
    const { paths, schemaRoots } = pathsOf(resources);
    const sortedPaths = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : 1)));
    const document: OpenApiDocument = {
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: 'unversioned' },
      paths: sortedPaths,
      components: { schemas: closure(schemaRoots) },
    };
    const json = JSON.stringify(document);
    result = { document, json, hash: createHash('sha512').update(json).digest('hex').toUpperCase() };
  }
  built.set(key, result);
  return result;
}

/** The served group-versions, in discovery order (core first). */
function groupVersions(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const { group, version } of RESOURCES.filter((info) => info.stored)) seen.set(pathKey(group, version), { group, version });
  return [...seen.values()];
}

/** The /openapi/v3 index: { paths: { "api/v1": { serverRelativeURL: "/openapi/v3/api/v1?hash=..." }, "apis/apps/v1": {...}, ... } } */
export function openApiIndex(): { paths: Record<string, { serverRelativeURL: string }> } {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const { group, version } of groupVersions()) {
    const key = pathKey(group, version);
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${openApiDocumentHash(group, version) ?? ''}` };
  }
  return { paths };
}

/** The document for one group-version ('' group = core), or undefined if not served. Cached; do not mutate. */
export function openApiDocument(group: string, version: string): OpenApiDocument | undefined {
  return build(group, version)?.document;
}

/** The document for one group-version as JSON text (what the server sends), or undefined. Cached. */
export function openApiDocumentJson(group: string, version: string): string | undefined {
  return build(group, version)?.json;
}

/** The content hash used in serverRelativeURL for that document. */
export function openApiDocumentHash(group: string, version: string): string | undefined {
  return build(group, version)?.hash;
}

/**
 * The document a `/openapi/v3/...` path names (`api/v1`, `apis/apps/v1`; a query
 * string is ignored), for the HTTP layer; undefined when none is served there.
 */
export function openApiDocumentForPath(path: string): { group: string; version: string } | undefined {
  const parts = (path.split('?')[0] ?? '').replace(/^\/?(openapi\/v3\/)?/, '').split('/');
  let gv: { group: string; version: string } | undefined;
  if (parts.length === 2 && parts[0] === 'api') gv = { group: '', version: parts[1] ?? '' };
  if (parts.length === 3 && parts[0] === 'apis') gv = { group: parts[1] ?? '', version: parts[2] ?? '' };
  return gv !== undefined && build(gv.group, gv.version) !== undefined ? gv : undefined;
}
