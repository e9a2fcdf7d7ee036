import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabelSelector } from '../../../api/label-selector.js';
import { CycleState } from '../../framework/cycle-state.js';
import { PodInfo } from '../../framework/pod-info.js';
import { makeCluster, makeNode, makePod } from '../../testing/fixtures.js';
import { PodTopologySpread } from './pod-topology-spread.js';

const ZONE = 'topology.kubernetes.io/zone';
const nodes = [makeNode('a1', { labels: { [ZONE]: 'a' } }), makeNode('b1', { labels: { [ZONE]: 'b' } }), makeNode('nolabel')];
const existing = [makePod('w1', { labels: { app: 'w' }, nodeName: 'a1' }), makePod('w2', { labels: { app: 'w' }, nodeName: 'a1' })];

describe('PodTopologySpread', () => {
  it('rejects the zone that would exceed maxSkew, and nodes missing the topology label', () => {
    const cluster = makeCluster(nodes, existing);
    const plugin = new PodTopologySpread(cluster.handle);
    const pod = new PodInfo(
      makePod('p', { labels: { app: 'w' }, spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'w' } } }] } }),
    );
    const state = new CycleState();
    assert.ok(plugin.preFilter(state, pod).isSuccess);
    assert.equal(plugin.filter(state, pod, cluster.node('a1')).message, "node(s) didn't match pod topology spread constraints");
    assert.ok(plugin.filter(state, pod, cluster.node('b1')).isSuccess);
    assert.equal(plugin.filter(state, pod, cluster.node('nolabel')).code, 'UnschedulableAndUnresolvable');
  });

  it("spreads a controller's replicas by default, favouring nodes with fewer of them", () => {
    const cluster = makeCluster(nodes, existing);
    const handle = { ...cluster.handle, defaultSelector: () => LabelSelector.of([{ key: 'app', operator: 'in' as const, values: ['w'] }]) };
    const plugin = new PodTopologySpread(handle);
    const pod = new PodInfo(makePod('p', { labels: { app: 'w' } }));
    const state = new CycleState();
    const feasible = [cluster.node('a1'), cluster.node('b1')];
    assert.ok(plugin.preScore(state, pod, feasible).isSuccess);
    const scores = feasible.map((node) => plugin.score(state, pod, node));
    plugin.normalizeScores(state, pod, scores);
    assert.ok((scores[1] ?? 0) > (scores[0] ?? 0), `b1 scores higher: ${scores.join(',')}`);
  });

  it('skips pods with no constraints and no controller', () => {
    const cluster = makeCluster(nodes, existing);
    const plugin = new PodTopologySpread(cluster.handle);
    assert.equal(plugin.preFilter(new CycleState(), new PodInfo(makePod('p'))).code, 'Skip');
    assert.equal(plugin.preScore(new CycleState(), new PodInfo(makePod('p')), []).code, 'Skip');
  });
});
