import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleState } from '../../framework/cycle-state.js';
import { PodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';
import { makeCluster, makeNode, makePod } from '../../testing/fixtures.js';
import { NodeAffinity } from './node-affinity.js';

const plugin = new NodeAffinity();
const cluster = makeCluster([makeNode('ssd-1', { labels: { disk: 'ssd', gen: '5' } }), makeNode('hdd-1', { labels: { disk: 'hdd', gen: '3' } })]);

function fits(pod: PodInfo, node: string): boolean {
  const state = new CycleState();
  const pre = plugin.preFilter(state, pod);
  if (pre instanceof Status && pre.code === 'Skip') return true;
  return plugin.filter(state, pod, cluster.node(node)).isSuccess;
}

describe('NodeAffinity', () => {
  it('honours nodeSelector', () => {
    const pod = new PodInfo(makePod('p', { spec: { nodeSelector: { disk: 'ssd' } } }));
    assert.deepEqual([fits(pod, 'ssd-1'), fits(pod, 'hdd-1')], [true, false]);
  });

  it('honours required terms with Gt and NotIn (any term may match)', () => {
    const pod = new PodInfo(
      makePod('p', {
        spec: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] }, { matchExpressions: [{ key: 'disk', operator: 'NotIn', values: ['hdd', 'ssd'] }] }],
              },
            },
          },
        },
      }),
    );
    assert.deepEqual([fits(pod, 'ssd-1'), fits(pod, 'hdd-1')], [true, false]);
  });

  it('narrows a DaemonSet pod pinned with matchFields metadata.name to its node', () => {
    const pod = new PodInfo(
      makePod('p', {
        spec: {
          affinity: {
            nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['hdd-1'] }] }] } },
          },
        },
      }),
    );
    const result = plugin.preFilter(new CycleState(), pod);
    assert.ok(!(result instanceof Status));
    assert.deepEqual([...result.nodeNames], ['hdd-1']);
    assert.deepEqual([fits(pod, 'ssd-1'), fits(pod, 'hdd-1')], [false, true]);
  });

  it('scores nodes by the weights of the preferred terms they match', () => {
    const pod = new PodInfo(
      makePod('p', {
        spec: {
          affinity: {
            nodeAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 20, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } }],
            },
          },
        },
      }),
    );
    const state = new CycleState();
    plugin.preScore(state, pod);
    const scores = [plugin.score(state, pod, cluster.node('ssd-1')), plugin.score(state, pod, cluster.node('hdd-1'))];
    plugin.normalizeScores(state, pod, scores);
    assert.deepEqual(scores, [100, 0]);
  });
});
