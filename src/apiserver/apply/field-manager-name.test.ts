import assert from 'node:assert/strict';
import { it } from 'node:test';
import { applyFieldManager, fieldManagerFromRequest, managerFromUserAgent } from './field-manager-name.js';
import { apiErrorOf } from './testdata/apply-fixtures.js';

it('the manager of a request without fieldManager is the program name of its user agent', () => {
  assert.equal(fieldManagerFromRequest(null, 'kubectl/v1.32.0 (linux/amd64) kubernetes/70d3cc9'), 'kubectl');
  assert.equal(fieldManagerFromRequest('', 'kube-controller-manager/v1.32.0 (linux/amd64) kubernetes/70d3cc9/system:serviceaccount:kube-system:deployment-controller'), 'kube-controller-manager');
  assert.equal(fieldManagerFromRequest(null, 'Go-http-client/1.1'), 'Go-http-client');
  assert.equal(fieldManagerFromRequest(null, undefined), '');
});

it('the manager of a request with fieldManager is that name', () => {
  assert.equal(fieldManagerFromRequest('kubectl-client-side-apply', 'kubectl/v1.32.0'), 'kubectl-client-side-apply');
  assert.equal(fieldManagerFromRequest('kubectl-edit', undefined, 'UpdateOptions'), 'kubectl-edit');
});

it('a user agent loses unprintable characters and is cut at 128 bytes', () => {
  assert.equal(managerFromUserAgent('my\u0007tool/1.0'), 'mytool');
  assert.equal(managerFromUserAgent('é'.repeat(100)), 'é'.repeat(64));
});

it('a fieldManager longer than 128 bytes is refused with upstream 422', () => {
  const error = apiErrorOf(() => fieldManagerFromRequest('m'.repeat(129), undefined, 'CreateOptions'));
  assert.equal(error.httpCode, 422);
  assert.equal(error.message, 'CreateOptions.meta.k8s.io "" is invalid: fieldManager: Too long: must have at most 128 bytes');
  assert.deepEqual(error.toStatus().details?.causes, [{ reason: 'FieldValueTooLong', message: 'Too long: must have at most 128 bytes', field: 'fieldManager' }]);
  assert.equal(fieldManagerFromRequest('m'.repeat(128), undefined), 'm'.repeat(128));
});

it('a fieldManager with an unprintable character is refused with its position', () => {
  const error = apiErrorOf(() => fieldManagerFromRequest('ab\ncd', undefined));
  assert.equal(error.message, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Invalid value: "ab\\ncd": invalid character U+000A (at position 2)');
});

it('an apply patch requires a fieldManager', () => {
  assert.equal(applyFieldManager('kubectl'), 'kubectl');
  for (const missing of [null, '']) {
    const error = apiErrorOf(() => applyFieldManager(missing));
    assert.equal(error.httpCode, 422);
    assert.equal(error.reason, 'Invalid');
    assert.equal(error.message, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  }
});
