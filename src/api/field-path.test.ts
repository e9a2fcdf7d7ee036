import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FieldPath } from './field-path.js';

test('a field path joins names with dots and puts indexes and keys in brackets', () => {
  assert.equal(FieldPath.root('spec').child('containers').index(0).child('image').toString(), 'spec.containers[0].image');
  assert.equal(FieldPath.root('metadata').child('labels').key('app').toString(), 'metadata.labels[app]');
});

test('a field path root and child may take several names at once', () => {
  assert.equal(FieldPath.root('spec', 'template').child('metadata', 'name').toString(), 'spec.template.metadata.name');
});

test('extending a field path leaves the original unchanged', () => {
  const spec = FieldPath.root('spec');
  spec.child('replicas');
  spec.index(3);
  assert.equal(spec.toString(), 'spec');
});

test('a name after a subscript is joined with a dot', () => {
  assert.equal(FieldPath.root('items').index(2).key('x').child('y').toString(), 'items[2][x].y');
});
