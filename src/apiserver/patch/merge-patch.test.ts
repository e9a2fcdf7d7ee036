import assert from 'node:assert/strict';
import { it } from 'node:test';
import { applyMergePatch } from './merge-patch.js';

it('merge patch merges objects, deletes nulls and replaces lists', () => {
  const original = { metadata: { labels: { a: '1', b: '2' } }, spec: { list: [1, 2], keep: true } };
  const patched = applyMergePatch(original, { metadata: { labels: { a: null, c: '3' } }, spec: { list: [3] } });
  assert.deepEqual(patched, { metadata: { labels: { b: '2', c: '3' } }, spec: { list: [3], keep: true } });
  assert.deepEqual(original.metadata.labels, { a: '1', b: '2' }, 'the original is not changed');
});
