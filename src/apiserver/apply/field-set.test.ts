import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FieldSet } from './field-set.js';
import type { FieldPath } from './path-element.js';
import { fieldElement, keyElement, pathOf, pathString, serializePathElement } from './path-element.js';

const UPSTREAM_DEPLOYMENT =
  '{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"web\\"}":{".":{},"f:image":{},"f:name":{}}}}}}}';

const web = keyElement([['name', 'web']]);
const containers = pathOf('spec', 'template', 'spec', 'containers');

function strings(set: FieldSet): string[] {
  return set.paths().map(pathString);
}

it('field set round-trips a deployment fieldsV1 byte for byte as upstream encodes it', () => {
  const set = FieldSet.fromFieldsV1(JSON.parse(UPSTREAM_DEPLOYMENT));
  assert.equal(JSON.stringify(set.toFieldsV1()), UPSTREAM_DEPLOYMENT);
  assert.deepEqual(strings(set), [
    '.metadata.labels',
    '.metadata.labels.app',
    '.spec.template.spec.containers[name="web"]',
    '.spec.template.spec.containers[name="web"].image',
    '.spec.template.spec.containers[name="web"].name',
  ]);
});

it('field set built from paths encodes members and children as upstream does', () => {
  const set = FieldSet.of(
    [...containers, web, fieldElement('name')],
    [...containers, web],
    [...containers, web, fieldElement('image')],
    pathOf('metadata', 'labels', 'app'),
    pathOf('metadata', 'labels'),
  );
  assert.equal(JSON.stringify(set.toFieldsV1()), UPSTREAM_DEPLOYMENT);
});

it('field set orders fields before keys before values before indexes, as upstream', () => {
  const set = FieldSet.of([{ kind: 'index', index: 0 }], [{ kind: 'value', value: 'b' }], [{ kind: 'value', value: 'a' }], [web], [fieldElement('z')]);
  assert.deepEqual(Object.keys(set.toFieldsV1()), ['f:z', 'k:{"name":"web"}', 'v:"a"', 'v:"b"', 'i:0']);
});

it('key elements sort their fields and encode values as Go JSON', () => {
  const port = keyElement([
    ['protocol', 'TCP'],
    ['containerPort', 80],
  ]);
  assert.equal(serializePathElement(port), 'k:{"containerPort":80,"protocol":"TCP"}');
  assert.equal(pathString([fieldElement('ports'), port]), '.ports[containerPort=80,protocol="TCP"]');
  assert.equal(serializePathElement({ kind: 'value', value: 'a<b>&c' }), 'v:"a\\u003cb\\u003e\\u0026c"');
  assert.equal(pathString([fieldElement('finalizers'), { kind: 'value', value: 'x/y' }]), '.finalizers[="x/y"]');
});

it('field set decoding reads a key with no "." and children as a path only', () => {
  const set = FieldSet.fromFieldsV1({ 'f:spec': { 'f:replicas': {} }, 'f:metadata': { 'f:labels': { '.': {} } } });
  assert.equal(set.has(pathOf('spec')), false);
  assert.equal(set.has(pathOf('spec', 'replicas')), true);
  assert.equal(set.has(pathOf('metadata', 'labels')), true);
});

it('field set decoding skips unknown element types and rejects malformed keys', () => {
  assert.deepEqual(strings(FieldSet.fromFieldsV1({ 'x:whatever': {}, 'f:a': {} })), ['.a']);
  assert.throws(() => FieldSet.fromFieldsV1({ 'k:not json': {} }));
  assert.throws(() => FieldSet.fromFieldsV1({ f: {} }));
  assert.throws(() => FieldSet.fromFieldsV1([]));
});

it('field set union, intersection and difference work member by member', () => {
  const a = FieldSet.of(pathOf('spec', 'replicas'), pathOf('spec', 'paused'), pathOf('metadata', 'labels', 'app'));
  const b = FieldSet.of(pathOf('spec', 'replicas'), pathOf('spec', 'minReadySeconds'));
  assert.deepEqual(strings(a.union(b)), ['.metadata.labels.app', '.spec.minReadySeconds', '.spec.paused', '.spec.replicas']);
  assert.deepEqual(strings(a.intersection(b)), ['.spec.replicas']);
  assert.deepEqual(strings(a.difference(b)), ['.metadata.labels.app', '.spec.paused']);
  assert.equal(a.intersection(FieldSet.of(pathOf('spec'))).isEmpty(), true);
});

it('recursive difference removes whole subtrees under a member while difference keeps them', () => {
  const set = FieldSet.of(pathOf('status', 'replicas'), pathOf('status'), pathOf('spec', 'replicas'));
  const status = FieldSet.of(pathOf('status'));
  assert.deepEqual(strings(set.difference(status)), ['.spec.replicas', '.status.replicas']);
  assert.deepEqual(strings(set.recursiveDifference(status)), ['.spec.replicas']);
});

it('field set paths list each level members first, then children, in order', () => {
  const paths: FieldPath[] = [pathOf('b', 'x'), pathOf('a'), pathOf('b'), pathOf('c', 'y')];
  assert.deepEqual(strings(FieldSet.of(...paths)), ['.a', '.b', '.b.x', '.c.y']);
  assert.equal(FieldSet.of(...paths).equals(FieldSet.of(...paths.reverse())), true);
});
