import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleState } from '../../framework/cycle-state.js';
import { PodInfo } from '../../framework/pod-info.js';
import { makeCluster, makeNode, makePod } from '../../testing/fixtures.js';
import { NodeResourcesBalancedAllocation } from './node-resources-balanced-allocation.js';

describe('NodeResourcesBalancedAllocation', () => {
  it('prefers the node where CPU and memory end up used in equal proportion', () => {
    const cluster = makeCluster(
      [makeNode('cpu-heavy', { cpu: '4', memory: '4Gi' }), makeNode('even', { cpu: '4', memory: '4Gi' })],
      [makePod('x', { cpu: '3', memory: '512Mi', nodeName: 'cpu-heavy' }), makePod('y', { cpu: '2', memory: '2Gi', nodeName: 'even' })],
    );
    const plugin = new NodeResourcesBalancedAllocation();
    const pod = new PodInfo(makePod('p', { cpu: '500m', memory: '512Mi' }));
    assert.ok(plugin.score(new CycleState(), pod, cluster.node('even')) > plugin.score(new CycleState(), pod, cluster.node('cpu-heavy')));
  });
});
