import type { Job, Pod } from '../../../src/api/kinds.js';
import { resourceOf, type ApiClient } from '../../../src/client/api-client.js';

const PODS = resourceOf('v1', 'Pod');

/** Ends a running pod as its kubelet would: a terminal phase and a terminated container with `exitCode`. */
export async function finishPod(client: ApiClient, pod: Pod, exitCode: number): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const { namespace, name = '' } = pod.metadata;
  await client.patch(PODS, namespace, name, 'merge', {
    status: {
      phase: exitCode === 0 ? 'Succeeded' : 'Failed',
      conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: now }],
      containerStatuses: (pod.spec?.containers ?? []).map((container) => ({
        name: container.name,
        image: container.image ?? '',
        imageID: '',
        ready: false,
        restartCount: 0,
        started: false,
        state: { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: now, finishedAt: now } },
      })),
    },
  }, { subresource: 'status' });
}

/** The pods of Job `name`, as the server has them now. */
export async function podsOf(client: ApiClient, name: string): Promise<Pod[]> {
  const { items } = await client.list<Pod>(PODS, { namespace: 'default', labelSelector: `batch.kubernetes.io/job-name=${name}` });
  return items;
}

export const isRunning = (pod: Pod): boolean => pod.status?.phase === 'Running' && pod.metadata.deletionTimestamp === undefined;

export function condition(job: Job, type: string): { status: string; reason?: string; message?: string } | undefined {
  return job.status?.conditions?.find((item) => item.type === type);
}

export function jobManifest(name: string, spec: Record<string, unknown>): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: {
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox', command: ['true'] }] } },
      ...spec,
    },
  };
}
