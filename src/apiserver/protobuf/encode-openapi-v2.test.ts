import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import protobuf from 'protobufjs';
import { parse as parseYaml } from 'yaml';
import { encodeOpenApiV2 } from './encode-openapi-v2.js';
import { GNOSTIC_OPENAPI_V2 } from './gnostic-openapi-v2.js';

const document = {
  swagger: '2.0',
  info: { title: 'Kubernetes', version: 'unversioned' },
  paths: {
    '/apis/apps/v1/namespaces/{namespace}/deployments/{name}': {
      patch: {
        consumes: ['application/strategic-merge-patch+json'],
        operationId: 'patchAppsV1NamespacedDeployment',
        parameters: [
          { name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' } },
          { name: 'fieldValidation', in: 'query', type: 'string', uniqueItems: true },
        ],
        responses: { '200': { description: 'OK', schema: { $ref: '#/definitions/io.k8s.api.apps.v1.Deployment' } } },
        'x-kubernetes-group-version-kind': { group: 'apps', version: 'v1', kind: 'Deployment' },
      },
    },
  },
  definitions: {
    'io.k8s.api.core.v1.PodSpec': {
      type: 'object',
      required: ['containers'],
      properties: {
        containers: { type: 'array', items: { $ref: '#/definitions/io.k8s.api.core.v1.Container' }, 'x-kubernetes-patch-merge-key': 'name' },
        nodeSelector: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  },
};

type Json = Record<string, unknown>;

describe('encodeOpenApiV2', () => {
  it('writes a document that decodes with gnostic field numbers, extensions as YAML', () => {
    const root = protobuf.parse(GNOSTIC_OPENAPI_V2, { keepCase: true }).root;
    const type = root.lookupType('gnostic.v2.Document');
    const decoded = type.toObject(type.decode(encodeOpenApiV2(document)));
    assert.equal(decoded.swagger, '2.0');
    const definition = at(decoded, 'definitions', 'additionalProperties', '0');
    assert.equal(at(definition, 'name'), 'io.k8s.api.core.v1.PodSpec');
    assert.deepEqual(at(definition, 'value', 'required'), ['containers']);
    const containers = at(definition, 'value', 'properties', 'additionalProperties', '0', 'value');
    assert.deepEqual(at(containers, 'items', 'schema', '0'), { ref: '#/definitions/io.k8s.api.core.v1.Container' });
    assert.equal(at(containers, 'vendorExtension', '0', 'name'), 'x-kubernetes-patch-merge-key');
    assert.equal(parseYaml(String(at(containers, 'vendorExtension', '0', 'value', 'yaml'))), 'name');
    const nodeSelector = at(definition, 'value', 'properties', 'additionalProperties', '1', 'value');
    assert.deepEqual(at(nodeSelector, 'additionalProperties', 'schema', 'type', 'value'), ['string']);
    const patch = at(decoded, 'paths', 'path', '0', 'value', 'patch');
    assert.deepEqual(at(patch, 'consumes'), ['application/strategic-merge-patch+json']);
    assert.equal(at(patch, 'parameters', '0', 'parameter', 'bodyParameter', 'in'), 'body');
    assert.equal(at(patch, 'parameters', '1', 'parameter', 'nonBodyParameter', 'queryParameter', 'name'), 'fieldValidation');
    assert.deepEqual(parseYaml(String(at(patch, 'vendorExtension', '0', 'value', 'yaml'))), { group: 'apps', version: 'v1', kind: 'Deployment' });
  });
});

function at(value: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>((current, key) => (current as Json | undefined)?.[key], value);
}
