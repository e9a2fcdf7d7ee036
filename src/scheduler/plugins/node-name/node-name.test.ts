import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleState } from '../../framework/cycle-state.js';
import { PodInfo } from '../../framework/pod-info.js';
import { makeCluster, makeNode, makePod } from '../../testing/fixtures.js';
import { NodeName } from './node-name.js';

describe('NodeName', () => {
  it('fits a pod naming a node only to that node', () => {
    const cluster = makeCluster([makeNode('a'), makeNode('b')]);
    const pod = new PodInfo(makePod('p', { nodeName: 'a' }));
    const plugin = new NodeName();
    assert.ok(plugin.filter(new CycleState(), pod, cluster.node('a')).isSuccess);
    assert.equal(plugin.filter(new CycleState(), pod, cluster.node('b')).message, "node(s) didn't match the requested node name");
  });
});
