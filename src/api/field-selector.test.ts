import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeFieldValue, FieldSelector, parseFieldSelector, SelectorError, unescapeFieldValue, unsupportedFieldError } from './field-selector.js';

test('a field selector reads =, == and != terms separated by commas', () => {
  const selector = parseFieldSelector('status.phase!=Running,metadata.name==web,spec.nodeName=node-1');
  assert.deepEqual(selector.requirements, [
    { field: 'metadata.name', operator: '=', value: 'web' },
    { field: 'spec.nodeName', operator: '=', value: 'node-1' },
    { field: 'status.phase', operator: '!=', value: 'Running' },
  ]);
  assert.equal(selector.toString(), 'metadata.name=web,spec.nodeName=node-1,status.phase!=Running');
});

test('a field selector matches when every term holds, a missing field counting as empty', () => {
  const selector = parseFieldSelector('metadata.name=web,status.phase!=Running');
  assert.ok(selector.matches({ 'metadata.name': 'web', 'status.phase': 'Pending' }));
  assert.ok(!selector.matches({ 'metadata.name': 'web', 'status.phase': 'Running' }));
  assert.ok(parseFieldSelector('spec.nodeName=').matches({}));
  assert.ok(!parseFieldSelector('spec.nodeName!=').matches({}));
});

test('an empty field selector matches everything', () => {
  const selector = parseFieldSelector('');
  assert.equal(selector, FieldSelector.everything);
  assert.ok(selector.isEverything());
  assert.ok(selector.matches({}));
  assert.ok(parseFieldSelector(',,').isEverything());
});

test('escaped commas, equals signs and backslashes are part of a value', () => {
  const selector = parseFieldSelector('metadata.name=a\\,b\\=c\\\\d,x=y');
  assert.deepEqual(selector.requirements[0], { field: 'metadata.name', operator: '=', value: 'a,b=c\\d' });
  assert.equal(selector.toString(), 'metadata.name=a\\,b\\=c\\\\d,x=y');
  assert.equal(escapeFieldValue('a,b=c\\'), 'a\\,b\\=c\\\\');
  assert.equal(unescapeFieldValue('plain'), 'plain');
});

test('a term without an operator or with a bad escape is rejected', () => {
  assert.throws(() => parseFieldSelector('metadata.name'), { message: "invalid selector: 'metadata.name'; can't understand 'metadata.name'" });
  assert.throws(() => parseFieldSelector('a=b\\n'), { message: 'invalid field selector: invalid escape sequence: \\n' });
  assert.throws(() => parseFieldSelector('a=b\\'), { message: 'invalid field selector: invalid escape sequence: \\' });
  assert.throws(() => parseFieldSelector('a=b=c'), SelectorError);
});

test('the first operator in a term splits it', () => {
  assert.deepEqual(parseFieldSelector('a!=b').requirements, [{ field: 'a', operator: '!=', value: 'b' }]);
  assert.deepEqual(parseFieldSelector('a==b').requirements, [{ field: 'a', operator: '=', value: 'b' }]);
});

test('a field selector on an unsupported field is an error naming the field', () => {
  const selector = parseFieldSelector('metadata.name=a,spec.foo=b');
  assert.equal(unsupportedFieldError(selector, ['metadata.name', 'metadata.namespace'])?.message, 'field label not supported: spec.foo');
  assert.equal(unsupportedFieldError(selector, new Set(['metadata.name', 'spec.foo'])), undefined);
});

test('a field selector tells which exact value a field must have', () => {
  const selector = parseFieldSelector('metadata.name=web,status.phase!=Running');
  assert.equal(selector.requiresExactMatch('metadata.name'), 'web');
  assert.equal(selector.requiresExactMatch('status.phase'), undefined);
});
