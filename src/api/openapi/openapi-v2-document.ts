/**
 * The Swagger 2.0 document of `/openapi/v2`: every served group-version in one
 * document, derived from the same generated schemas and paths as the v3 documents
 * so the two never disagree. Definitions are keyed as upstream
 * (`io.k8s.api.apps.v1.Deployment`) and keep their `x-kubernetes-*` extensions.
 *
 * kubectl before 1.28 fetches it (as protobuf) before `apply`, `create`, `replace`
 * and `explain`, and fails when it cannot parse every definition.
 */
import { servedGroupVersions } from '../resources.js';
import { openApiDocument, type JsonObject } from './openapi-documents.js';
import { toV2PathItem } from './openapi-v2-paths.js';
import { toV2Schema } from './openapi-v2-schema.js';

let cached: JsonObject | undefined;

const byKey = <T>(entries: [string, T][]): [string, T][] => entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

function build(): JsonObject {
  const paths: JsonObject = {};
  const definitions: JsonObject = {};
  for (const { group, versions } of servedGroupVersions()) {
    for (const version of versions) {
      const document = openApiDocument(group, version);
      if (document === undefined) continue;
      for (const [path, item] of Object.entries(document.paths)) paths[path] = toV2PathItem(item);
      for (const [name, schema] of Object.entries(document.components.schemas)) definitions[name] ??= toV2Schema(schema);
    }
  }
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths: Object.fromEntries(byKey(Object.entries(paths))),
    definitions: Object.fromEntries(byKey(Object.entries(definitions))),
    securityDefinitions: { BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' } },
    security: [{ BearerToken: [] }],
  };
}

/** The `/openapi/v2` document (built on first use, then shared; do not mutate). */
export function openApiV2Document(): JsonObject {
  cached ??= build();
  return cached;
}
