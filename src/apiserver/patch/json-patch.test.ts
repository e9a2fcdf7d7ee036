import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ApiError } from '../http/api-error.js';
import { applyJsonPatch } from './json-patch.js';

it('json patch applies operations and refuses one whose path does not exist', () => {
  const original = { spec: { replicas: 1, list: ['a'] } };
  const patched = applyJsonPatch(original, [
    { op: 'replace', path: '/spec/replicas', value: 3 },
    { op: 'add', path: '/spec/list/-', value: 'b' },
  ]);
  assert.deepEqual(patched, { spec: { replicas: 3, list: ['a', 'b'] } });
  assert.equal(original.spec.replicas, 1);
  assert.throws(
    () => applyJsonPatch(original, [{ op: 'remove', path: '/spec/missing/x' }]),
    (error: unknown) => error instanceof ApiError && error.httpCode === 422,
  );
});
