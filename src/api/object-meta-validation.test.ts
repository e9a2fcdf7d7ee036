import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldErrorMessage } from './field-errors.js';
import { FieldPath } from './field-path.js';
import type { ObjectMetaOptions } from './object-meta-validation.js';
import { validateName, validateObjectMeta, validateObjectMetaUpdate } from './object-meta-validation.js';

const namespaced: ObjectMetaOptions = { namespaced: true, nameRule: 'subdomain' };
const clusterScoped: ObjectMetaOptions = { namespaced: false, nameRule: 'subdomain' };
const messages = (meta: unknown, options = namespaced): string[] => validateObjectMeta(meta, options).map(fieldErrorMessage);

test('well-formed metadata of a namespaced object is valid', () => {
  const meta = {
    name: 'web.example',
    namespace: 'default',
    labels: { app: 'web' },
    annotations: { 'example.com/note': 'hi' },
    finalizers: ['example.com/cleanup'],
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'u1', controller: true }],
    generation: 1,
  };
  assert.deepEqual(validateObjectMeta(meta, namespaced), []);
});

test('an object needs a name or a generateName', () => {
  assert.deepEqual(messages({ namespace: 'default' }), ['metadata.name: Required value: name or generateName is required']);
  assert.deepEqual(messages({ namespace: 'default', generateName: 'web-' }), []);
});

test('missing metadata reports the name and the namespace', () => {
  assert.deepEqual(messages(undefined), ['metadata.name: Required value: name or generateName is required', 'metadata.namespace: Required value']);
});

test('a namespaced object needs a namespace that is a DNS label', () => {
  assert.deepEqual(messages({ name: 'a' }), ['metadata.namespace: Required value']);
  assert.match(messages({ name: 'a', namespace: 'Bad.NS' })[0] ?? '', /^metadata\.namespace: Invalid value: "Bad\.NS": a lowercase RFC 1123 label/);
});

test('a cluster-scoped object may not have a namespace', () => {
  assert.deepEqual(messages({ name: 'node-1', namespace: 'default' }, clusterScoped), ['metadata.namespace: Forbidden: not allowed on this type']);
  assert.deepEqual(messages({ name: 'node-1' }, clusterScoped), []);
});

test('a name is checked against the rule of its kind', () => {
  assert.match(messages({ name: 'Web', namespace: 'd' })[0] ?? '', /^metadata\.name: Invalid value: "Web": a lowercase RFC 1123 subdomain/);
  assert.deepEqual(messages({ name: 'a.b', namespace: 'd' }, { namespaced: true, nameRule: 'label' }), ['metadata.name: Invalid value: "a.b": must not contain dots']);
  assert.deepEqual(messages({ name: 'My Role:x' }, { namespaced: false, nameRule: 'pathSegment' }), []);
  assert.deepEqual(messages({ name: 'a/b' }, { namespaced: false, nameRule: 'pathSegment' }), ['metadata.name: Invalid value: "a/b": may not contain \'/\'']);
  assert.equal(messages({ name: '1web', namespace: 'd' }, { namespaced: true, nameRule: 'dns1035Label' }).length, 1);
});

test('a generateName may end in a dash because a suffix follows', () => {
  assert.deepEqual(validateName('subdomain', 'web-', true), []);
  assert.deepEqual(validateName('label', 'web-', true), []);
  assert.equal(validateName('subdomain', 'web-', false).length, 1);
  assert.match(messages({ generateName: 'Web-', namespace: 'd' })[0] ?? '', /^metadata\.generateName: Invalid value: "Web-": /);
});

test('every metadata problem is reported, not just the first', () => {
  const meta = {
    name: 'Bad_Name',
    generation: -1,
    labels: { 'a b': 'ok' },
    annotations: { '-x': 'y' },
    finalizers: ['orphan', 'foregroundDeletion', 'bad finalizer'],
    ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p' }],
  };
  const fields = validateObjectMeta(meta, namespaced).map((e) => e.field);
  assert.deepEqual(fields, [
    'metadata.name',
    'metadata.namespace',
    'metadata.generation',
    'metadata.labels',
    'metadata.annotations',
    'metadata.ownerReferences.uid',
    'metadata.finalizers',
    'metadata.finalizers',
  ]);
  assert.ok(messages(meta).includes('metadata.generation: Invalid value: -1: must be greater than or equal to 0'));
  assert.ok(messages(meta).some((m) => m.endsWith(': finalizer orphan and foregroundDeletion cannot be both set')));
});

test('metadata fields of the wrong type are type errors', () => {
  assert.deepEqual(validateObjectMeta('x', namespaced).map((e) => e.type), ['FieldValueTypeInvalid']);
  const errors = validateObjectMeta({ name: 5, namespace: 'd', generation: 'one' }, namespaced);
  assert.deepEqual(errors.map((e) => [e.type, e.field]), [
    ['FieldValueTypeInvalid', 'metadata.name'],
    ['FieldValueRequired', 'metadata.name'],
    ['FieldValueTypeInvalid', 'metadata.generation'],
  ]);
});

test('errors are reported under the given path', () => {
  const path = FieldPath.root('spec', 'template', 'metadata');
  assert.deepEqual(validateObjectMeta({ name: 'a', labels: { 'a b': 'c' } }, { ...clusterScoped, path }).map((e) => e.field), ['spec.template.metadata.labels']);
});

test('an update may not change the name, namespace, uid or creation time', () => {
  const old = { name: 'a', namespace: 'n', uid: 'u1', creationTimestamp: '2026-01-01T00:00:00Z' };
  assert.deepEqual(validateObjectMetaUpdate({ ...old, labels: { x: 'y' } }, old), []);
  const changed = { name: 'b', namespace: 'm', uid: 'u2', creationTimestamp: '2027-01-01T00:00:00Z' };
  assert.deepEqual(validateObjectMetaUpdate(changed, old).map(fieldErrorMessage), [
    'metadata.name: Invalid value: "b": field is immutable',
    'metadata.namespace: Invalid value: "m": field is immutable',
    'metadata.uid: Invalid value: "u2": field is immutable',
    'metadata.creationTimestamp: Invalid value: "2027-01-01T00:00:00Z": field is immutable',
  ]);
});

test('an update that leaves out the uid and creation time keeps the old ones', () => {
  const old = { name: 'a', namespace: 'n', uid: 'u1', creationTimestamp: '2026-01-01T00:00:00Z' };
  assert.deepEqual(validateObjectMetaUpdate({ name: 'a', namespace: 'n' }, old), []);
});

test('no finalizer may be added once deletion has begun', () => {
  const old = { name: 'a', deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: ['a.io/x'] };
  assert.deepEqual(validateObjectMetaUpdate({ ...old, finalizers: [] }, old), []);
  assert.deepEqual(validateObjectMetaUpdate({ ...old, finalizers: ['a.io/x', 'b.io/y'] }, old).map(fieldErrorMessage), [
    'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y"}',
  ]);
  assert.deepEqual(validateObjectMetaUpdate({ name: 'a', finalizers: ['b.io/y'] }, { name: 'a' }), []);
});
