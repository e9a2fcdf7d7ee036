import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod, PodDisruptionBudget } from '../../api/kinds.js';
import { budgetStatus, countHealthy, failSafeStatus } from './budget-status.js';
import { pendingDisruptions } from './disrupted-pods.js';
import { scaledValue } from '../util/int-or-percent.js';

const budget: PodDisruptionBudget = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'b', generation: 3 }, spec: {} };

function pod(name: string, ready: boolean, deleting = false): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

describe('budget status', () => {
  it('scales percentages of the expected pods, rounding up', () => {
    assert.equal(scaledValue('50%', 3, true), 2);
    assert.equal(scaledValue('50%', 3, false), 1);
    assert.equal(scaledValue(2, 10, true), 2);
    assert.throws(() => scaledValue('half', 3, true), /invalid value/);
  });

  it('counts Ready pods that are neither being deleted nor pending eviction as healthy', () => {
    const pods = [pod('a', true), pod('b', true, true), pod('c', false), pod('d', true), pod('e', true)];
    assert.equal(countHealthy(pods, { e: '2026-01-01T00:00:00Z' }), 2);
  });

  it('allows the healthy pods beyond the desired ones to be disrupted', () => {
    const status = budgetStatus(budget, 3, { expectedPods: 3, desiredHealthy: 2, disruptedPods: {} }, '2026-01-01T00:00:00Z');
    assert.deepEqual([status.disruptionsAllowed, status.observedGeneration, status.conditions?.[0]?.reason], [1, 3, 'SufficientPods']);
    const none = budgetStatus(budget, 2, { expectedPods: 3, desiredHealthy: 2, disruptedPods: {} }, '2026-01-01T00:00:00Z');
    assert.deepEqual([none.disruptionsAllowed, none.conditions?.[0]?.status, none.conditions?.[0]?.reason], [0, 'False', 'InsufficientPods']);
  });

  it('allows nothing after a failed sync', () => {
    const status = failSafeStatus(budget, 'found no controllers for pod "x"', '2026-01-01T00:00:00Z');
    assert.deepEqual([status.disruptionsAllowed, status.conditions?.[0]?.reason, status.conditions?.[0]?.message], [0, 'SyncFailed', 'found no controllers for pod "x"']);
  });

  it('drops recorded evictions of pods that are gone, being deleted, or timed out', () => {
    const now = Date.parse('2026-01-01T00:10:00Z');
    const pending = pendingDisruptions(
      { gone: '2026-01-01T00:09:00Z', deleting: '2026-01-01T00:09:00Z', old: '2026-01-01T00:07:00Z', fresh: '2026-01-01T00:09:30Z' },
      [pod('deleting', true, true), pod('old', true), pod('fresh', true)],
      now,
    );
    assert.deepEqual(pending.pods, { fresh: '2026-01-01T00:09:30Z' });
    assert.equal(pending.recheckAt, Date.parse('2026-01-01T00:11:30Z'));
  });
});
