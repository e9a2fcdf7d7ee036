import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evictionTime, tolerates, type Taint } from './tolerations.js';

const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
const dedicated: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoExecute' };
const addedAt = () => 1_000_000;

describe('tolerations', () => {
  it('match a taint by key and operator, value and effect', () => {
    assert.equal(tolerates({ key: 'dedicated', operator: 'Equal', value: 'gpu' }, dedicated), true);
    assert.equal(tolerates({ key: 'dedicated', value: 'cpu' }, dedicated), false);
    assert.equal(tolerates({ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }, dedicated), false);
    assert.equal(tolerates({ operator: 'Exists' }, dedicated), true);
    assert.equal(tolerates({ operator: 'Equal' }, dedicated), false);
  });

  it('evict at once when a NoExecute taint is not tolerated', () => {
    assert.equal(evictionTime([{ key: 'dedicated', operator: 'Exists' }], [dedicated, unreachable], addedAt), Number.NEGATIVE_INFINITY);
  });

  it('evict when the shortest bounded toleration runs out, counted from when the taint was added', () => {
    const tolerations = [
      { key: unreachable.key, operator: 'Exists' as const, tolerationSeconds: 30 },
      { key: 'dedicated', operator: 'Exists' as const, tolerationSeconds: 5 },
    ];
    assert.equal(evictionTime(tolerations, [dedicated, unreachable], addedAt), 1_005_000);
  });

  it('never evict pods that tolerate every taint without a time limit', () => {
    assert.equal(evictionTime([{ operator: 'Exists' }], [dedicated, unreachable], addedAt), Number.POSITIVE_INFINITY);
  });
});
