import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleState } from '../../framework/cycle-state.js';
import { emptyDiagnosis } from '../../framework/diagnosis.js';
import { Framework } from '../../framework/framework.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { PodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';
import { makeCluster, makeNode, makePod } from '../../testing/fixtures.js';
import { NodeResourcesFit } from '../node-resources-fit/node-resources-fit.js';
import { DefaultPreemption } from './default-preemption.js';

function setup(priority: number): { plugin: DefaultPreemption; preempted: string[] } {
  const cluster = makeCluster([makeNode('full', { cpu: '2' }), makeNode('tainted', { cpu: '2' })], [makePod('low', { cpu: '2', priority, nodeName: 'full' })]);
  const framework = new Framework([{ plugin: new NodeResourcesFit() }]);
  const preempted: string[] = [];
  const plugin = new DefaultPreemption({
    handle: cluster.handle,
    filterWithout: (state, pod, node: NodeInfo, removed) => {
      for (const victim of removed) node.removePod(victim.key);
      const status = framework.runFilter(framework.activeFilters(state), state, pod, node);
      for (const victim of removed) node.addPod(victim);
      return status;
    },
    preempt: (_pod, nodeName, victims) => preempted.push(`${nodeName}:${victims.map((v) => v.key).join(',')}`),
  });
  return { plugin, preempted };
}

function diagnosis() {
  const result = emptyDiagnosis(2);
  result.nodeToStatus.set('full', Status.unschedulable('Insufficient cpu'));
  result.nodeToStatus.set('tainted', Status.unresolvable('node(s) had untolerated taint {a: b}'));
  return result;
}

describe('DefaultPreemption', () => {
  it('explains why preemption cannot help, per node, as upstream', () => {
    const { plugin, preempted } = setup(10);
    const result = plugin.postFilter(new CycleState(), new PodInfo(makePod('p', { cpu: '1', priority: 10 })), diagnosis());
    assert.equal(result.status.message, 'preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.');
    assert.deepEqual(preempted, []);
  });

  it('evicts lower-priority pods when that lets the pod fit, and nominates the node', () => {
    const { plugin, preempted } = setup(0);
    const result = plugin.postFilter(new CycleState(), new PodInfo(makePod('p', { cpu: '1', priority: 10 })), diagnosis());
    assert.equal(result.nominatedNodeName, 'full');
    assert.deepEqual(preempted, ['full:default/low']);
  });
});
