import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseRequestInfo } from './request-info.js';

const parse = (method: string, path: string) => parseRequestInfo(method, new URL(path, 'https://x'));

it('request info names the resource, namespace, name and subresource of a path', () => {
  assert.deepEqual(parse('GET', '/api/v1/namespaces/default/pods/web-1/log'), {
    kind: 'resource', verb: 'get', group: '', version: 'v1', resource: 'pods',
    namespace: 'default', name: 'web-1', subresource: 'log',
  });
  assert.deepEqual(parse('GET', '/apis/apps/v1/deployments?watch=true'), {
    kind: 'resource', verb: 'watch', group: 'apps', version: 'v1', resource: 'deployments',
    namespace: undefined, name: undefined, subresource: undefined,
  });
  assert.deepEqual(parse('DELETE', '/api/v1/namespaces/team-a'), {
    kind: 'resource', verb: 'delete', group: '', version: 'v1', resource: 'namespaces',
    namespace: undefined, name: 'team-a', subresource: undefined,
  });
  const collection = parse('DELETE', '/api/v1/namespaces/a/configmaps');
  assert.equal(collection.kind === 'resource' && collection.verb, 'deletecollection');
  assert.deepEqual(parse('GET', '/apis/apps/v1'), { kind: 'nonResource', path: '/apis/apps/v1' });
  assert.deepEqual(parse('GET', '/healthz'), { kind: 'nonResource', path: '/healthz' });
});

it('request info reads namespaces/NAME/status and /finalize as subresources of the Namespace', () => {
  assert.deepEqual(parse('PUT', '/api/v1/namespaces/team-a/finalize'), {
    kind: 'resource', verb: 'update', group: '', version: 'v1', resource: 'namespaces',
    namespace: undefined, name: 'team-a', subresource: 'finalize',
  });
  assert.deepEqual(parse('GET', '/api/v1/namespaces/team-a/status'), {
    kind: 'resource', verb: 'get', group: '', version: 'v1', resource: 'namespaces',
    namespace: undefined, name: 'team-a', subresource: 'status',
  });
});
