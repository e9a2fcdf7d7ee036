import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleState } from '../../framework/cycle-state.js';
import { PodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';
import { makeCluster, makeNode, makePod, type PodSpec } from '../../testing/fixtures.js';
import { InterPodAffinity } from './inter-pod-affinity.js';

const ZONE = 'topology.kubernetes.io/zone';
const nodes = [makeNode('a1', { labels: { [ZONE]: 'a' } }), makeNode('a2', { labels: { [ZONE]: 'a' } }), makeNode('b1', { labels: { [ZONE]: 'b' } })];
const term = (app: string, topologyKey = ZONE) => ({ labelSelector: { matchLabels: { app } }, topologyKey });

function filterAll(pods: ReturnType<typeof makePod>[], incoming: Partial<PodSpec>, labels: Record<string, string> = {}): Record<string, string> {
  const cluster = makeCluster(nodes, pods);
  const plugin = new InterPodAffinity(cluster.handle);
  const pod = new PodInfo(makePod('incoming', { labels, spec: incoming }));
  const state = new CycleState();
  const pre = plugin.preFilter(state, pod);
  return Object.fromEntries(
    nodes.map((node) => {
      const name = node.metadata.name ?? '';
      const status = pre.code === 'Skip' ? Status.success : plugin.filter(state, pod, cluster.node(name));
      return [name, status.isSuccess ? 'ok' : status.message];
    }),
  );
}

describe('InterPodAffinity', () => {
  const web = makePod('web', { labels: { app: 'web' }, nodeName: 'a1' });

  it('places a pod with required affinity only in the zone of the pods it selects', () => {
    assert.deepEqual(filterAll([web], { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web')] } } }), {
      a1: 'ok',
      a2: 'ok',
      b1: "node(s) didn't match pod affinity rules",
    });
  });

  it('lets the first pod of a group that selects itself go anywhere', () => {
    const result = filterAll([], { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('cache')] } } }, { app: 'cache' });
    assert.deepEqual(result, { a1: 'ok', a2: 'ok', b1: 'ok' });
  });

  it('keeps a pod with required anti-affinity out of the topology of the pods it selects', () => {
    assert.deepEqual(filterAll([web], { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', 'kubernetes.io/hostname')] } } }), {
      a1: "node(s) didn't match pod anti-affinity rules",
      a2: 'ok',
      b1: 'ok',
    });
  });

  it("honours existing pods' anti-affinity against the incoming pod", () => {
    const guard = makePod('guard', { nodeName: 'b1', spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('intruder')] } } } });
    assert.deepEqual(filterAll([guard], {}, { app: 'intruder' }), { a1: 'ok', a2: 'ok', b1: "node(s) didn't satisfy existing pods anti-affinity rules" });
  });

  it('scores the zone of preferred pods highest', () => {
    const cluster = makeCluster(nodes, [web]);
    const plugin = new InterPodAffinity(cluster.handle);
    const pod = new PodInfo(makePod('p', { spec: { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term('web') }] } } } }));
    const state = new CycleState();
    assert.ok(plugin.preScore(state, pod).isSuccess);
    const scores = nodes.map((node) => plugin.score(state, pod, cluster.node(node.metadata.name ?? '')));
    plugin.normalizeScores(state, pod, scores);
    assert.deepEqual(scores, [100, 100, 0]);
  });
});
