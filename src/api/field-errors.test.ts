import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  duplicate,
  fieldErrorBody,
  fieldErrorMessage,
  FieldPath,
  forbidden,
  invalid,
  invalidObjectMessage,
  notSupported,
  required,
  tooLong,
  tooMany,
  typeInvalid,
} from './field-errors.js';

const spec = FieldPath.root('spec');

test('an invalid value prints the value and the detail', () => {
  const error = invalid(spec.child('replicas'), -1, 'must be greater than or equal to 0');
  assert.deepEqual(error, { type: 'FieldValueInvalid', field: 'spec.replicas', badValue: -1, detail: 'must be greater than or equal to 0' });
  assert.equal(fieldErrorMessage(error), 'spec.replicas: Invalid value: -1: must be greater than or equal to 0');
});

test('a required value prints no value, with or without a detail', () => {
  const name = FieldPath.root('metadata').child('name');
  assert.equal(fieldErrorMessage(required(name, 'name or generateName is required')), 'metadata.name: Required value: name or generateName is required');
  assert.equal(fieldErrorMessage(required('metadata.namespace')), 'metadata.namespace: Required value');
});

test('an unsupported value lists the supported values quoted', () => {
  const error = notSupported(spec.child('restartPolicy'), 'Sometimes', ['Always', 'Never', 'OnFailure']);
  assert.equal(fieldErrorMessage(error), 'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"');
  assert.equal(error.type, 'FieldValueNotSupported');
});

test('duplicate, forbidden and type-invalid errors print as upstream', () => {
  assert.equal(fieldErrorMessage(duplicate(spec.child('ports').index(1).child('name'), 'http')), 'spec.ports[1].name: Duplicate value: "http"');
  assert.equal(fieldErrorMessage(forbidden('metadata.namespace', 'not allowed on this type')), 'metadata.namespace: Forbidden: not allowed on this type');
  assert.equal(fieldErrorMessage(typeInvalid('spec.replicas', 'x', 'must be an integer')), 'spec.replicas: Invalid value: "x": must be an integer');
});

test('too long leaves the value out and too many shows the count', () => {
  assert.equal(fieldErrorMessage(tooLong('metadata.annotations', '', 262144)), 'metadata.annotations: Too long: must have at most 262144 bytes');
  assert.equal(fieldErrorMessage(tooMany('spec.items', 5, 3)), 'spec.items: Too many: 5: must have at most 3 items');
  assert.equal(fieldErrorMessage(tooMany('spec.items', -1, 1)), 'spec.items: Too many: must have at most 1 item');
});

test('the error body is the message without the field', () => {
  assert.equal(fieldErrorBody(invalid('spec.x', 'a', 'bad')), 'Invalid value: "a": bad');
});

test('an invalid object message shows one error plainly', () => {
  const errors = [invalid('metadata.name', 'A', 'bad name')];
  assert.equal(invalidObjectMessage('ConfigMap', 'x', errors), 'ConfigMap "x" is invalid: metadata.name: Invalid value: "A": bad name');
});

test('an invalid object message brackets several errors and drops repeats', () => {
  const errors = [required('metadata.namespace'), invalid('spec.replicas', -1, 'bad'), required('metadata.namespace')];
  assert.equal(
    invalidObjectMessage('Deployment.apps', 'web', errors),
    'Deployment.apps "web" is invalid: [metadata.namespace: Required value, spec.replicas: Invalid value: -1: bad]',
  );
});
