import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node } from '../../api/kinds.js';
import { desiredTaints } from './node-taints.js';

function node(ready: string, extra: Partial<NonNullable<Node['spec']>> = {}, pressure = 'False'): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n' },
    spec: extra,
    status: { conditions: [{ type: 'Ready', status: ready }, { type: 'MemoryPressure', status: pressure }] },
  };
}

const names = (node: Node) => desiredTaints(node, '2026-01-01T00:00:00Z').map((taint) => `${taint.key}:${taint.effect}`);

describe('the taints a node gets from its conditions', () => {
  it('are none for a Ready node, and others\' taints are kept', () => {
    assert.deepEqual(names(node('True', { taints: [{ key: 'team', value: 'a', effect: 'NoSchedule' }] })), ['team:NoSchedule']);
  });

  it('are unreachable for Ready=Unknown and not-ready for Ready=False, NoSchedule and NoExecute', () => {
    assert.deepEqual(names(node('Unknown')), ['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    assert.deepEqual(names(node('False')), ['node.kubernetes.io/not-ready:NoSchedule', 'node.kubernetes.io/not-ready:NoExecute']);
  });

  it('swap not-ready for unreachable, and stamp only new NoExecute taints with the time', () => {
    const previous = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' as const, timeAdded: '2025-12-31T00:00:00Z' };
    const wasUnreachable = node('Unknown', { taints: [previous] });
    assert.equal(desiredTaints(wasUnreachable, '2026-01-01T00:00:00Z').find((taint) => taint.effect === 'NoExecute')?.timeAdded, '2025-12-31T00:00:00Z');
    const nowNotReady = node('False', { taints: [previous] });
    assert.deepEqual(
      desiredTaints(nowNotReady, '2026-01-01T00:00:00Z').map((taint) => [taint.key, taint.timeAdded]),
      [['node.kubernetes.io/not-ready', undefined], ['node.kubernetes.io/not-ready', '2026-01-01T00:00:00Z']],
    );
  });

  it('include unschedulable for cordoned nodes and memory-pressure under pressure', () => {
    assert.deepEqual(names(node('True', { unschedulable: true }, 'True')), ['node.kubernetes.io/unschedulable:NoSchedule', 'node.kubernetes.io/memory-pressure:NoSchedule']);
  });
});
