import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleState } from '../../framework/cycle-state.js';
import { PodInfo } from '../../framework/pod-info.js';
import { makeCluster, makeNode, makePod } from '../../testing/fixtures.js';
import { TaintToleration } from './taint-toleration.js';

const plugin = new TaintToleration();
const cluster = makeCluster([
  makeNode('hard', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }),
  makeNode('soft', { taints: [{ key: 'spot', value: 'yes', effect: 'PreferNoSchedule' }] }),
  makeNode('clean'),
]);

describe('TaintToleration', () => {
  it('rejects a node with an untolerated NoSchedule taint, naming it as upstream', () => {
    const status = plugin.filter(new CycleState(), new PodInfo(makePod('p')), cluster.node('hard'));
    assert.equal(status.code, 'UnschedulableAndUnresolvable');
    assert.deepEqual(status.reasons, ['node(s) had untolerated taint {dedicated: db}']);
  });

  it('admits a pod whose toleration matches by key and value, or by Exists', () => {
    const equal = makePod('p', { spec: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] } });
    const exists = makePod('q', { spec: { tolerations: [{ operator: 'Exists' }] } });
    assert.ok(plugin.filter(new CycleState(), new PodInfo(equal), cluster.node('hard')).isSuccess);
    assert.ok(plugin.filter(new CycleState(), new PodInfo(exists), cluster.node('hard')).isSuccess);
  });

  it('scores nodes with untolerated PreferNoSchedule taints lower', () => {
    const pod = new PodInfo(makePod('p'));
    const scores = [plugin.score(new CycleState(), pod, cluster.node('soft')), plugin.score(new CycleState(), pod, cluster.node('clean'))];
    plugin.normalizeScores(new CycleState(), pod, scores);
    assert.deepEqual(scores, [0, 100]);
  });
});
