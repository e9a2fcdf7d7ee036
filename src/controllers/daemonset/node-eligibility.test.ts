import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DaemonSet, Node } from '../../api/kinds.js';
import { DaemonPodTemplate } from './daemon-pod-template.js';
import { nodeEligibility } from './node-eligibility.js';

function node(name: string, labels: Record<string, string>, taints: NonNullable<Node['spec']>['taints'] = []): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: { taints } };
}

function daemonSet(spec: Record<string, unknown>): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default', uid: 'u1', annotations: { 'deprecated.daemonset.template.generation': '3' } },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'main' }], ...spec } } },
  };
}

const eligibility = (set: DaemonSet, target: Node) => nodeEligibility(DaemonPodTemplate.spec(set), target);

describe('which nodes a DaemonSet runs on', () => {
  it('follows the nodeSelector and required node affinity', () => {
    const set = daemonSet({
      nodeSelector: { disk: 'ssd' },
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4'] }] }] } } },
    });
    assert.equal(eligibility(set, node('a', { disk: 'ssd', cores: '8' })).shouldRun, true);
    assert.equal(eligibility(set, node('b', { disk: 'ssd', cores: '2' })).shouldRun, false);
    assert.equal(eligibility(set, node('c', { disk: 'hdd', cores: '8' })).shouldRun, false);
  });

  it('keeps a running pod on a node with an untolerated NoSchedule taint but not NoExecute', () => {
    const set = daemonSet({});
    assert.deepEqual(eligibility(set, node('a', {}, [{ key: 'dedicated', effect: 'NoSchedule' }])), { shouldRun: false, shouldContinueRunning: true });
    assert.deepEqual(eligibility(set, node('a', {}, [{ key: 'dedicated', effect: 'NoExecute' }])), { shouldRun: false, shouldContinueRunning: false });
    assert.deepEqual(eligibility(set, node('a', {}, [{ key: 'dedicated', effect: 'PreferNoSchedule' }])), { shouldRun: true, shouldContinueRunning: true });
  });

  it('tolerates cordoned, not-ready and pressured nodes automatically, and network-unavailable only with hostNetwork', () => {
    const taints = [
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const },
      { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' as const },
      { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' as const },
    ];
    assert.equal(eligibility(daemonSet({}), node('a', {}, taints)).shouldRun, true);
    const unavailable = node('b', {}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]);
    assert.equal(eligibility(daemonSet({}), unavailable).shouldRun, false);
    assert.equal(eligibility(daemonSet({ hostNetwork: true }), unavailable).shouldRun, true);
  });

  it('labels new pods with the revision hash and template generation, pinned to their node', () => {
    const pod = DaemonPodTemplate.newPod(
      daemonSet({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'x', operator: 'Exists' }] }] } } } }),
      'node-7',
      'abc',
    );
    assert.deepEqual(pod.metadata.labels, { app: 'agent', 'controller-revision-hash': 'abc', 'pod-template-generation': '3' });
    assert.deepEqual(pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms, [
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-7'] }] },
    ]);
    assert.equal(DaemonPodTemplate.targetNode(pod), 'node-7');
  });
});
