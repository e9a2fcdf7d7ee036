import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleState } from './framework/cycle-state.js';
import { Framework } from './framework/framework.js';
import { PodInfo } from './framework/pod-info.js';
import { NodeResourcesFit } from './plugins/node-resources-fit/node-resources-fit.js';
import { TaintToleration } from './plugins/taint-toleration/taint-toleration.js';
import { numFeasibleNodesToFind, PodScheduler, selectHost } from './schedule-pod.js';
import { makeCluster, makeNode, makePod } from './testing/fixtures.js';

describe('the scheduling algorithm', () => {
  it('samples nodes adaptively as percentageOfNodesToScore: all below 100, 50% - n/125, at least 5% and 100', () => {
    assert.equal(numFeasibleNodesToFind(50), 50);
    assert.equal(numFeasibleNodesToFind(200), 100);
    assert.equal(numFeasibleNodesToFind(1000), 420);
    assert.equal(numFeasibleNodesToFind(5000), 500);
    assert.equal(numFeasibleNodesToFind(100_000), 5000);
    assert.equal(numFeasibleNodesToFind(5000, 30), 1500);
  });

  it('picks the best-scored node and breaks ties among equals', () => {
    const { cache } = makeCluster([makeNode('a'), makeNode('b'), makeNode('c')]);
    assert.equal(selectHost(cache.nodes, [10, 30, 20]), 'b');
    assert.equal(selectHost(cache.nodes, [30, 30, 20], () => 0), 'b');
    assert.equal(selectHost(cache.nodes, [30, 30, 20], () => 0.9), 'a');
  });

  it('prefers the least allocated node and explains a pod that fits nowhere', () => {
    const { cache } = makeCluster(
      [makeNode('busy', { cpu: '2' }), makeNode('idle', { cpu: '2' }), makeNode('tainted', { cpu: '8', taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] })],
      [makePod('existing', { cpu: '1500m', nodeName: 'busy' })],
    );
    const algorithm = new PodScheduler({ framework: new Framework([{ plugin: new TaintToleration() }, { plugin: new NodeResourcesFit() }]), snapshot: cache });
    const fits = algorithm.schedule(new CycleState(), new PodInfo(makePod('small', { cpu: '200m' })));
    assert.equal(fits.kind === 'scheduled' ? fits.result.nodeName : fits.kind, 'idle');
    const tooBig = algorithm.schedule(new CycleState(), new PodInfo(makePod('big', { cpu: '3' })));
    assert.equal(tooBig.kind, 'unschedulable');
    assert.deepEqual([...tooBig.diagnosis.unschedulablePlugins].sort(), ['NodeResourcesFit', 'TaintToleration']);
    assert.equal(tooBig.diagnosis.nodeToStatus.size, 3);
  });
});
