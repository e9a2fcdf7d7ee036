import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CoreEvent } from '../../../src/api/kinds.js';
import type { TestControlPlane } from '../../helpers/control-plane.js';
import { eventually } from '../../helpers/control-plane.js';
import { kubectl } from '../../helpers/kubectl.js';
import { boundNodes, createNode, createPod, EVENTS, nodeOf, NODES, PODS, startSchedulerPlane, unschedulableCondition } from './cluster.js';

describe('the scheduler against a real API server', () => {
  let plane: TestControlPlane;
  before(async () => {
    plane = await startSchedulerPlane();
    for (const name of ['node-a', 'node-b', 'node-c']) {
      await createNode(plane.client, name, { cpu: '2', memory: '4Gi', labels: { 'topology.kubernetes.io/zone': name === 'node-c' ? 'zone-2' : 'zone-1', disk: name === 'node-b' ? 'ssd' : 'hdd' } });
    }
  });
  after(async () => {
    await plane.stop();
  });

  it('binds pending pods and spreads them across the three nodes', async () => {
    const names = Array.from({ length: 6 }, (_, i) => `spread-${i}`);
    for (const name of names) await createPod(plane.client, name, { cpu: '100m', memory: '64Mi', labels: { app: 'spread' } });
    const placed = await boundNodes(plane.client, names);
    const perNode = new Map<string, number>();
    for (const node of placed.values()) perNode.set(node, (perNode.get(node) ?? 0) + 1);
    assert.deepEqual([...perNode.keys()].sort(), ['node-a', 'node-b', 'node-c']);
    const events = await eventually('a Scheduled event', async () => {
      const list = await plane.client.list<CoreEvent>(EVENTS, { namespace: 'default', fieldSelector: 'involvedObject.name=spread-0' });
      return list.items.find((event) => event.reason === 'Scheduled');
    });
    assert.equal(events.message, `Successfully assigned default/spread-0 to ${placed.get('spread-0') ?? ''}`);
  });

  it('honours nodeSelector and required node affinity', async () => {
    await createPod(plane.client, 'wants-ssd', { spec: { nodeSelector: { disk: 'ssd' } } });
    await createPod(plane.client, 'wants-zone-2', {
      spec: {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-2'] }] }],
            },
          },
        },
      },
    });
    await createPod(plane.client, 'pinned-by-field', {
      spec: {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-a'] }] }] },
          },
        },
      },
    });
    const placed = await boundNodes(plane.client, ['wants-ssd', 'wants-zone-2', 'pinned-by-field']);
    assert.deepEqual(Object.fromEntries(placed), { 'wants-ssd': 'node-b', 'wants-zone-2': 'node-c', 'pinned-by-field': 'node-a' });
  });

  it('keeps pods with required anti-affinity on different nodes', async () => {
    const term = { labelSelector: { matchLabels: { app: 'solo' } }, topologyKey: 'kubernetes.io/hostname' };
    const names = ['solo-1', 'solo-2', 'solo-3'];
    for (const name of names) {
      await createPod(plane.client, name, { labels: { app: 'solo' }, spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } } });
    }
    const placed = await boundNodes(plane.client, names);
    assert.equal(new Set(placed.values()).size, 3);
    await createPod(plane.client, 'solo-4', { labels: { app: 'solo' }, spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } } });
    const condition = await unschedulableCondition(plane.client, 'solo-4');
    assert.match(condition.message ?? '', /^0\/3 nodes are available: 3 node\(s\) didn't satisfy existing pods anti-affinity rules\. preemption: /);
  });

  it('places a pod with required pod affinity in the zone of the pods it selects', async () => {
    await createPod(plane.client, 'anchor', { labels: { role: 'anchor' }, spec: { nodeSelector: { 'topology.kubernetes.io/zone': 'zone-2' } } });
    await boundNodes(plane.client, ['anchor']);
    await createPod(plane.client, 'follower', {
      spec: {
        affinity: {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { role: 'anchor' } }, topologyKey: 'topology.kubernetes.io/zone' }],
          },
        },
      },
    });
    assert.equal((await boundNodes(plane.client, ['follower'])).get('follower'), 'node-c');
  });

  it('spreads pods over zones with a DoNotSchedule topology spread constraint', async () => {
    const names = ['zonal-1', 'zonal-2', 'zonal-3', 'zonal-4'];
    for (const name of names) {
      await createPod(plane.client, name, {
        labels: { app: 'zonal' },
        spec: {
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'zonal' } } },
          ],
        },
      });
    }
    const placed = await boundNodes(plane.client, names);
    const zone2 = [...placed.values()].filter((node) => node === 'node-c').length;
    assert.equal(zone2, 2, 'two of four pods in zone-2 (node-c), two in zone-1');
  });

  it('marks a pod that fits nowhere PodScheduled=False with upstream\'s message, visible in kubectl describe', async () => {
    await createPod(plane.client, 'too-big', { cpu: '3' });
    const condition = await unschedulableCondition(plane.client, 'too-big');
    assert.equal(condition.reason, 'Unschedulable');
    assert.equal(
      condition.message,
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..',
    );
    const described = await eventually('the FailedScheduling event in kubectl describe', async () => {
      const result = await kubectl(plane.kubeconfig, ['describe', 'pod', 'too-big']);
      return result.stdout.includes('FailedScheduling') ? result.stdout : undefined;
    });
    assert.match(described, /Warning\s+FailedScheduling\s+.*default-scheduler\s+0\/3 nodes are available: 3 Insufficient cpu\./);
    await plane.client.delete(PODS, 'default', 'too-big');
  });

  it('schedules a pod that fit nowhere once a big enough node is added', async () => {
    await createPod(plane.client, 'waits-for-node', { cpu: '6' });
    await unschedulableCondition(plane.client, 'waits-for-node');
    await createNode(plane.client, 'node-big', { cpu: '8', memory: '16Gi', labels: { 'topology.kubernetes.io/zone': 'zone-3' } });
    assert.equal((await boundNodes(plane.client, ['waits-for-node'])).get('waits-for-node'), 'node-big');
    await plane.client.delete(NODES, undefined, 'node-big');
  });

  it('reports untolerated taints and schedules only pods that tolerate them', async () => {
    await createNode(plane.client, 'node-tainted', { labels: { pool: 'gpu' }, taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] });
    await createPod(plane.client, 'gpu-intolerant', { spec: { nodeSelector: { pool: 'gpu' } } });
    const condition = await unschedulableCondition(plane.client, 'gpu-intolerant');
    assert.match(condition.message ?? '', /^0\/4 nodes are available: 1 node\(s\) had untolerated taint \{gpu: true\}, 3 node\(s\) didn't match Pod's node affinity\/selector\. preemption: 0\/4 nodes are available: 4 Preemption is not helpful for scheduling\.\.$/);
    await createPod(plane.client, 'gpu-tolerant', { spec: { nodeSelector: { pool: 'gpu' }, tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }] } });
    assert.equal((await boundNodes(plane.client, ['gpu-tolerant'])).get('gpu-tolerant'), 'node-tainted');
    await plane.client.delete(NODES, undefined, 'node-tainted');
  });

  it('puts no new pods on a cordoned node', async () => {
    await kubectl(plane.kubeconfig, ['cordon', 'node-a']);
    const names = Array.from({ length: 4 }, (_, i) => `after-cordon-${i}`);
    for (const name of names) await createPod(plane.client, name);
    const placed = await boundNodes(plane.client, names);
    assert.ok(![...placed.values()].includes('node-a'), `no pod on node-a: ${JSON.stringify(Object.fromEntries(placed))}`);
    await createPod(plane.client, 'only-node-a', { spec: { nodeSelector: { 'kubernetes.io/hostname': 'node-a' } } });
    const condition = await unschedulableCondition(plane.client, 'only-node-a');
    assert.match(condition.message ?? '', /1 node\(s\) were unschedulable/);
    await kubectl(plane.kubeconfig, ['uncordon', 'node-a']);
    assert.equal(await eventually('the pod to go to node-a after uncordon', () => nodeOf(plane.client, 'only-node-a')), 'node-a');
  });
});
