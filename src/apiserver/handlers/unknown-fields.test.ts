import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import { ApiError } from '../http/api-error.js';
import { enforceFieldValidation, pruneUnknownFields, strictDecodingErrors } from './unknown-fields.js';

function resource(group: string, resource: string): ResourceInfo {
  const info = findResource(group, 'v1', resource);
  assert.ok(info, `${resource} is served`);
  return info;
}
const deployments = resource('apps', 'deployments');
const configMaps = resource('', 'configmaps');

/** A Deployment with a duplicate name, unknown fields at three depths, and duplicates among them. */
const sloppyDeployment = `{
  "apiVersion": "apps/v1", "kind": "Deployment",
  "metadata": {"name": "first", "name": "web", "labels": {"app": "web"}, "colour": "blue"},
  "spec": {
    "replicaz": 2, "extra": 1, "extra": 2,
    "paused": true, "paused": false,
    "selector": {"matchLabels": {"app": "web"}},
    "template": {"metadata": {"labels": {"app": "web", "app": "web"}},
      "spec": {"containers": [{"name": "web", "image": "nginx", "imagePolicy": "x", "imagePullPolicy": "Always", "imagePullPolicy": "Never"}]}}
  }
}`;

describe('strict decoding errors', () => {
  it('lists duplicate and unknown fields in the order of the document, each unknown field once', () => {
    assert.deepEqual(strictDecodingErrors(deployments, sloppyDeployment), [
      'duplicate field "metadata.name"',
      'unknown field "metadata.colour"',
      'unknown field "spec.replicaz"',
      'unknown field "spec.extra"',
      'duplicate field "spec.paused"',
      'duplicate field "spec.template.metadata.labels.app"',
      'unknown field "spec.template.spec.containers[0].imagePolicy"',
      'duplicate field "spec.template.spec.containers[0].imagePullPolicy"',
    ]);
  });

  it('finds nothing in a clean body, whatever its strings hold', () => {
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'a"b': '{"x": [1, 2]}', empty: '' } });
    assert.deepEqual(strictDecodingErrors(configMaps, body), []);
  });

  it('reports duplicate keys of free-form maps with their key after a dot', () => {
    assert.deepEqual(strictDecodingErrors(configMaps, '{"metadata": {"name": "c"}, "data": {"k": "1", "k": "2"}}'), ['duplicate field "data.k"']);
  });
});

describe('field validation of a create or update', () => {
  const body = (text: string) => ({ bytes: new TextEncoder().encode(text), contentType: 'application/json' });

  it('Strict refuses with 400 worded as upstream, naming the kind and version', () => {
    const object = JSON.parse(sloppyDeployment) as Record<string, unknown>;
    assert.throws(
      () => {
        enforceFieldValidation({ validation: 'Strict', info: deployments, object, body: body(sloppyDeployment), warn: () => undefined });
      },
      (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.httpCode, 400);
        assert.equal(error.reason, 'BadRequest');
        assert.match(error.message, /^Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: duplicate field "metadata.name", unknown field "metadata.colour", /);
        return true;
      },
    );
  });

  it('Warn prunes the unknown fields and reports each problem as a Warning header', () => {
    const text = '{"metadata": {"name": "c"}, "data": {"a": "1"}, "spec": {"replicas": 1}, "data": {"a": "2"}}';
    const object = JSON.parse(text) as Record<string, unknown>;
    const warnings: string[] = [];
    enforceFieldValidation({ validation: 'Warn', info: configMaps, object, body: body(text), warn: (said) => warnings.push(...said) });
    assert.deepEqual(warnings, ['299 - "unknown field \\"spec\\""', '299 - "duplicate field \\"data\\""']);
    assert.deepEqual(object, { metadata: { name: 'c' }, data: { a: '2' } });
  });

  it('Ignore prunes silently', () => {
    const object: Record<string, unknown> = { metadata: { name: 'c' }, spec: {} };
    enforceFieldValidation({ validation: 'Ignore', info: configMaps, object, warn: () => assert.fail('no warning') });
    assert.deepEqual(object, { metadata: { name: 'c' } });
  });

  it('a protobuf body is checked for unknown fields only, from the decoded object', () => {
    const object: Record<string, unknown> = { metadata: { name: 'c' }, spec: {} };
    const protobuf = { bytes: Uint8Array.from([0x6b, 0x38, 0x73, 0]), contentType: 'application/vnd.kubernetes.protobuf' };
    assert.throws(() => {
      enforceFieldValidation({ validation: 'Strict', info: configMaps, object, body: protobuf, warn: () => undefined });
    }, /ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "spec"$/);
  });
});

it('pruning reports unknown fields inside list items with their index', () => {
  const object: Record<string, unknown> = { metadata: { name: 'x' }, spec: { template: { spec: { containers: [{ name: 'a', resources: { claims: [{ name: 'c', extra: 1 }] } }] } } } };
  assert.deepEqual(pruneUnknownFields(deployments, object), ['spec.template.spec.containers[0].resources.claims[0].extra']);
});
