import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldErrorMessage } from './field-errors.js';
import { FieldPath } from './field-path.js';
import { validateOwnerReferences } from './owner-references-validation.js';

const path = FieldPath.root('metadata').child('ownerReferences');
const owner = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  name: 'web-1',
  uid: '0b2c',
  ...overrides,
});

test('complete owner references are valid', () => {
  assert.deepEqual(validateOwnerReferences([owner({ controller: true }), owner({ kind: 'Service', apiVersion: 'v1' })], path), []);
  assert.deepEqual(validateOwnerReferences(undefined, path), []);
});

test('every missing owner reference field is reported, without an index as upstream', () => {
  const errors = validateOwnerReferences([{}], path);
  assert.deepEqual(errors.map(fieldErrorMessage), [
    'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
    'metadata.ownerReferences.kind: Invalid value: "": must not be empty',
    'metadata.ownerReferences.name: Invalid value: "": must not be empty',
    'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
  ]);
});

test('an apiVersion with a group but no version, or too many slashes, has no version', () => {
  assert.equal(validateOwnerReferences([owner({ apiVersion: 'apps/' })], path).length, 1);
  assert.equal(validateOwnerReferences([owner({ apiVersion: 'a/b/c' })], path)[0]?.field, 'metadata.ownerReferences.apiVersion');
});

test('only one owner reference may be the controller', () => {
  const references = [owner({ controller: true }), owner({ kind: 'Deployment', name: 'web', controller: true })];
  const errors = validateOwnerReferences(references, path);
  const [error, ...rest] = errors;
  assert.ok(error !== undefined && rest.length === 0);
  assert.equal(error.field, 'metadata.ownerReferences');
  assert.match(
    fieldErrorMessage(error),
    /: Only one reference can have Controller set to true\. Found "true" in references for ReplicaSet\/web-1 and Deployment\/web$/,
  );
});

test('an Event may not own anything', () => {
  const errors = validateOwnerReferences([owner({ apiVersion: 'v1', kind: 'Event' })], path);
  assert.match(fieldErrorMessage(errors[0] ?? assert.fail()), /\/v1, Kind=Event is disallowed from being an owner$/);
});

test('owner references of the wrong shape are type errors', () => {
  assert.equal(validateOwnerReferences({}, path)[0]?.type, 'FieldValueTypeInvalid');
  assert.equal(validateOwnerReferences(['x'], path)[0]?.field, 'metadata.ownerReferences[0]');
  assert.ok(validateOwnerReferences([owner({ uid: 5 })], path).some((e) => e.type === 'FieldValueTypeInvalid'));
});
