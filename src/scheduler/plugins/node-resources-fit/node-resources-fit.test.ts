import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleState } from '../../framework/cycle-state.js';
import { PodInfo } from '../../framework/pod-info.js';
import { makeCluster, makeNode, makePod } from '../../testing/fixtures.js';
import { NodeResourcesFit } from './node-resources-fit.js';

const plugin = new NodeResourcesFit();
const filter = (pod: PodInfo, node: ReturnType<ReturnType<typeof makeCluster>['node']>) => plugin.filter(new CycleState(), pod, node);

describe('NodeResourcesFit', () => {
  const cluster = makeCluster([makeNode('n', { cpu: '2', memory: '2Gi', pods: 2 })], [makePod('running', { cpu: '1', memory: '1Gi', nodeName: 'n' })]);

  it('admits a pod whose requests fit in what the node has left', () => {
    assert.ok(filter(new PodInfo(makePod('p', { cpu: '1', memory: '1Gi' })), cluster.node('n')).isSuccess);
  });

  it('reports every insufficient resource', () => {
    const status = filter(new PodInfo(makePod('p', { cpu: '1100m', memory: '1100Mi' })), cluster.node('n'));
    assert.equal(status.code, 'Unschedulable');
    assert.deepEqual(status.reasons, ['Insufficient cpu', 'Insufficient memory']);
  });

  it('counts the largest init container, sidecars beside the containers, and the pod overhead', () => {
    const pod = makePod('p', {
      spec: {
        initContainers: [
          { name: 'init', image: 'i', resources: { requests: { cpu: '1500m' } } },
          { name: 'sidecar', image: 's', restartPolicy: 'Always', resources: { requests: { cpu: '300m' } } },
        ],
        containers: [{ name: 'app', image: 'a', resources: { requests: { cpu: '500m' } } }],
        overhead: { cpu: '100m' },
      },
    });
    assert.equal(new PodInfo(pod).requests.milliCpu, 1600);
    assert.deepEqual(filter(new PodInfo(pod), cluster.node('n')).reasons, ['Insufficient cpu']);
  });

  it('refuses a pod beyond the node\'s pod count', () => {
    const full = makeCluster([makeNode('n', { pods: 1 })], [makePod('running', { nodeName: 'n' })]);
    assert.deepEqual(filter(new PodInfo(makePod('p')), full.node('n')).reasons, ['Too many pods']);
  });

  it('scores the less allocated node higher', () => {
    const scored = makeCluster([makeNode('busy', { cpu: '4', memory: '4Gi' }), makeNode('idle', { cpu: '4', memory: '4Gi' })], [makePod('x', { cpu: '3', memory: '3Gi', nodeName: 'busy' })]);
    const pod = new PodInfo(makePod('p', { cpu: '1', memory: '1Gi' }));
    assert.ok(plugin.score(new CycleState(), pod, scored.node('idle')) > plugin.score(new CycleState(), pod, scored.node('busy')));
  });
});
