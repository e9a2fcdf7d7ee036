import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleState } from '../../framework/cycle-state.js';
import { PodInfo } from '../../framework/pod-info.js';
import { makeCluster, makeNode, makePod } from '../../testing/fixtures.js';
import { NodeUnschedulable } from './node-unschedulable.js';

describe('NodeUnschedulable', () => {
  const cluster = makeCluster([makeNode('cordoned', { unschedulable: true })]);
  const plugin = new NodeUnschedulable();

  it('keeps pods off a cordoned node', () => {
    assert.equal(plugin.filter(new CycleState(), new PodInfo(makePod('p')), cluster.node('cordoned')).message, 'node(s) were unschedulable');
  });

  it('admits pods tolerating the unschedulable taint', () => {
    const pod = makePod('ds', { spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] } });
    assert.ok(plugin.filter(new CycleState(), new PodInfo(pod), cluster.node('cordoned')).isSuccess);
  });
});
