import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldErrorMessage } from './field-errors.js';
import { FieldPath } from './field-path.js';
import { TOTAL_ANNOTATION_SIZE_LIMIT, validateAnnotations, validateLabels, validateQualifiedNameList } from './labels-validation.js';

const labels = FieldPath.root('metadata').child('labels');
const annotations = FieldPath.root('metadata').child('annotations');

test('valid labels have no errors, and absent labels are fine', () => {
  assert.deepEqual(validateLabels({ app: 'web', 'example.com/tier': '', 'app.kubernetes.io/name': 'My_App' }, labels), []);
  assert.deepEqual(validateLabels(undefined, labels), []);
});

test('a bad label key and a bad label value are both reported at the labels map', () => {
  const errors = validateLabels({ 'bad key': 'bad value' }, labels);
  assert.equal(errors.length, 2);
  assert.match(fieldErrorMessage(errors[0] ?? assert.fail()), /^metadata\.labels: Invalid value: "bad key": name part must consist of/);
  assert.match(fieldErrorMessage(errors[1] ?? assert.fail()), /^metadata\.labels: Invalid value: "bad value": a valid label must be an empty string/);
});

test('a label value that is not a string is a type error at its key', () => {
  const [error] = validateLabels({ replicas: 3 }, labels);
  assert.equal(error?.type, 'FieldValueTypeInvalid');
  assert.equal(error.field, 'metadata.labels[replicas]');
  assert.deepEqual(validateLabels(['a'], labels).map((e) => e.type), ['FieldValueTypeInvalid']);
});

test('annotation keys are qualified names in any case and values may be anything', () => {
  assert.deepEqual(validateAnnotations({ 'Example.COM/Note': 'any text at all: {"json": true}' }, annotations), []);
  const errors = validateAnnotations({ 'a b': 'x' }, annotations);
  assert.equal(errors.length, 1);
  assert.match(fieldErrorMessage(errors[0] ?? assert.fail()), /^metadata\.annotations: Invalid value: "a b": name part/);
});

test('annotations totalling more than 256 KiB are too long', () => {
  const atLimit = { k: 'x'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT - 1) };
  assert.deepEqual(validateAnnotations(atLimit, annotations), []);
  const errors = validateAnnotations({ k: 'x'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT) }, annotations);
  assert.deepEqual(errors.map(fieldErrorMessage), ['metadata.annotations: Too long: must have at most 262144 bytes']);
});

test('a list of qualified names reports each bad name at the list', () => {
  const finalizers = FieldPath.root('metadata').child('finalizers');
  assert.deepEqual(validateQualifiedNameList(['kubernetes.io/pv-protection', 'orphan'], finalizers), []);
  const errors = validateQualifiedNameList(['ok', 'not ok', 7], finalizers);
  assert.deepEqual(errors.map((e) => e.field), ['metadata.finalizers', 'metadata.finalizers[2]']);
});
