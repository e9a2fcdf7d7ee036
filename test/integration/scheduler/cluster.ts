import type { Node, Pod } from '../../../src/api/kinds.js';
import { type ApiClient, resourceOf } from '../../../src/client/api-client.js';
import { schedulerComponent } from '../../../src/scheduler/scheduler.js';
import { makeNode, makePod, type NodeSpec, type PodOptions } from '../../../src/scheduler/testing/fixtures.js';
import { eventually, startTestControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';

export const PODS = resourceOf('v1', 'Pod');
export const NODES = resourceOf('v1', 'Node');
export const EVENTS = resourceOf('v1', 'Event');

/** A real API server running only the scheduler (fast backoff so retries show up quickly). */
export async function startSchedulerPlane(): Promise<TestControlPlane> {
  return await startTestControlPlane({ leaderComponents: [schedulerComponent({ initialBackoffMs: 100, maxBackoffMs: 500 })] });
}

export async function createNode(client: ApiClient, name: string, spec: NodeSpec = {}): Promise<Node> {
  return await client.create<Node>(NODES, makeNode(name, spec));
}

export async function createPod(client: ApiClient, name: string, options: PodOptions = {}): Promise<Pod> {
  const pod = makePod(name, options);
  delete pod.metadata.uid;
  return await client.create<Pod>(PODS, pod);
}

export async function nodeOf(client: ApiClient, name: string, namespace = 'default'): Promise<string | undefined> {
  const pod = await client.get<Pod>(PODS, namespace, name);
  const node = pod.spec?.nodeName;
  return node === undefined || node === '' ? undefined : node;
}

/** Waits until every named pod is bound; returns pod name -> node name. */
export async function boundNodes(client: ApiClient, names: readonly string[], namespace = 'default'): Promise<Map<string, string>> {
  return await eventually(`${names.length} pods to be bound`, async () => {
    const result = new Map<string, string>();
    for (const name of names) {
      const node = await nodeOf(client, name, namespace);
      if (node === undefined) return undefined;
      result.set(name, node);
    }
    return result;
  });
}

/** The PodScheduled condition of a pod once it is False. */
export async function unschedulableCondition(client: ApiClient, name: string): Promise<{ reason?: string; message?: string }> {
  return await eventually(`pod ${name} to be marked unschedulable`, async () => {
    const pod = await client.get<Pod>(PODS, 'default', name);
    const condition = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    return condition?.status === 'False' ? condition : undefined;
  });
}
