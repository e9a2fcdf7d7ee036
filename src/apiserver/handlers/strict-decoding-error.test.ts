import assert from 'node:assert/strict';
import { it } from 'node:test';
import { goPrinted, strictPatchError } from './strict-decoding-error.js';

it('a strict patch refusal is a 422 Invalid naming the patch as upstream does', () => {
  const error = strictPatchError('{"spec":{"replicaz":2}}', ['unknown field "spec.replicaz"']);
  assert.equal(error.httpCode, 422);
  assert.equal(error.reason, 'Invalid');
  assert.equal(error.message, ' "" is invalid: patch: Invalid value: "{\\"spec\\":{\\"replicaz\\":2}}": strict decoding error: unknown field "spec.replicaz"');
  assert.deepEqual(error.toStatus().details?.causes, [
    { reason: 'FieldValueInvalid', message: 'Invalid value: "{\\"spec\\":{\\"replicaz\\":2}}": strict decoding error: unknown field "spec.replicaz"', field: 'patch' },
  ]);
});

it('a strategic merge patch prints as Go prints its decoded map', () => {
  const patch = { spec: { replicaz: 2, replicas: null, ratio: 0.5, big: 1e21, tiny: 0.00001, ports: [{ port: 80 }], paused: false }, metadata: { name: 'web' } };
  assert.equal(goPrinted(patch), 'map[metadata:map[name:web] spec:map[big:1e+21 paused:false ports:[map[port:80]] ratio:0.5 replicas:<nil> replicaz:2 tiny:1e-05]]');
});
