import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DEDUCED, atomAt, schemaOf } from './schema-walker.js';

const deployment = schemaOf('apps', 'v1', 'Deployment');
const podSpec = ['spec', 'template', 'spec'];

it('schema walker reads deployment containers as a list-map keyed by name', () => {
  const containers = atomAt(deployment, ...podSpec, 'containers')?.list;
  assert.equal(containers?.relationship, 'associative');
  assert.deepEqual(containers.keys, ['name']);
  assert.equal(atomAt(deployment, ...podSpec, 'containers', '[]', 'env')?.list?.relationship, 'associative');
});

it('schema walker gives container ports the upstream TCP default for their protocol key', () => {
  const ports = atomAt(deployment, ...podSpec, 'containers', '[]', 'ports')?.list;
  assert.deepEqual(ports?.keys, ['containerPort', 'protocol']);
  assert.equal(ports.element.map?.fieldDefault('protocol'), 'TCP');
});

it('schema walker reads finalizers as a set and args as an atomic list', () => {
  const finalizers = atomAt(deployment, 'metadata', 'finalizers')?.list;
  assert.equal(finalizers?.relationship, 'associative');
  assert.deepEqual(finalizers.keys, []);
  assert.equal(atomAt(deployment, ...podSpec, 'containers', '[]', 'args')?.list?.relationship, 'atomic');
  assert.equal(atomAt(deployment, ...podSpec, 'tolerations')?.list?.relationship, 'atomic');
});

it('schema walker reads labels as a granular map and selectors as atomic structs', () => {
  const labels = atomAt(deployment, 'metadata', 'labels')?.map;
  assert.equal(labels?.relationship, 'granular');
  assert.equal(labels.isField('app'), false);
  assert.equal(atomAt(deployment, 'spec', 'selector')?.map?.relationship, 'atomic');
  assert.equal(atomAt(deployment, ...podSpec, 'nodeSelector')?.map?.relationship, 'atomic');
  assert.equal(atomAt(deployment, 'spec')?.map?.isField('replicas'), true);
  assert.equal(atomAt(deployment, 'spec', 'replicas')?.scalar, true);
});

it('schema walker deduces kinds it has no schema for: granular maps, atomic lists', () => {
  const unknown = schemaOf('example.com', 'v1', 'Widget');
  assert.equal(unknown, DEDUCED);
  assert.equal(atomAt(unknown, 'spec', 'anything')?.map?.relationship, 'granular');
  assert.equal(atomAt(unknown, 'spec', 'items')?.list?.relationship, 'atomic');
});

it('schema walker renders the Go zero value of a deployment', () => {
  assert.deepEqual(deployment.map?.zero(), {
    metadata: {},
    spec: { selector: null, strategy: {}, template: { metadata: {}, spec: { containers: null } } },
    status: {},
  });
});
