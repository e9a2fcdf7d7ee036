import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DaemonSet, Pod } from '../../api/kinds.js';
import { rolloutStep, scaledValue } from './daemon-set-rollout.js';

const NOW = Date.UTC(2026, 0, 1);

function daemonSet(rollingUpdate: { maxUnavailable?: number | string; maxSurge?: number | string }): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default' },
    spec: { selector: {}, template: {}, updateStrategy: { type: 'RollingUpdate', rollingUpdate } },
  };
}

function pod(name: string, hash: string, ready: boolean): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { 'controller-revision-hash': hash } },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

const names = (pods: readonly Pod[]) => pods.map((each) => each.metadata.name);

describe('a DaemonSet rolling update step', () => {
  it('scales int-or-percent values up, as upstream', () => {
    assert.equal(scaledValue('25%', 5), 2);
    assert.equal(scaledValue(3, 5), 3);
    assert.equal(scaledValue(undefined, 5), 0);
  });

  it('deletes at most maxUnavailable available old pods, and unavailable old pods at once', () => {
    const byNode = new Map([
      ['a', [pod('a', 'old', true)]],
      ['b', [pod('b', 'old', true)]],
      ['c', [pod('c', 'old', false)]],
    ]);
    const step = rolloutStep({ set: daemonSet({ maxUnavailable: 1 }), byNode, hash: 'new', desired: 3, now: NOW });
    assert.deepEqual(names(step.podsToDelete), ['c', 'a']);
    assert.deepEqual(step.nodesToCreate, []);
  });

  it('waits while a new pod is not yet available', () => {
    const byNode = new Map([
      ['a', [pod('a2', 'new', false)]],
      ['b', [pod('b', 'old', true)]],
    ]);
    const step = rolloutStep({ set: daemonSet({ maxUnavailable: 1 }), byNode, hash: 'new', desired: 2, now: NOW });
    assert.deepEqual(names(step.podsToDelete), []);
  });

  it('with maxSurge starts new pods beside old ones and deletes an old pod once its replacement is available', () => {
    const byNode = new Map([
      ['a', [pod('a', 'old', true), pod('a2', 'new', true)]],
      ['b', [pod('b', 'old', true)]],
      ['c', [pod('c', 'old', true)]],
    ]);
    const step = rolloutStep({ set: daemonSet({ maxUnavailable: 0, maxSurge: 1 }), byNode, hash: 'new', desired: 3, now: NOW });
    assert.deepEqual(names(step.podsToDelete), ['a']);
    assert.deepEqual(step.nodesToCreate, ['b']);
  });
});
