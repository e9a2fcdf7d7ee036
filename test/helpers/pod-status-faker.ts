import type { Pod } from '../../src/api/kinds.js';
import { resourceOf, type ApiClient } from '../../src/client/api-client.js';
import { Informer } from '../../src/client/informer.js';
import { objectKey } from '../../src/client/object-key.js';
import { systemClock } from '../../src/util/clock.js';
import { errorMessage } from '../../src/util/errors.js';
import { silentLogger } from '../../src/util/logger.js';

const PODS = resourceOf('v1', 'Pod');

export interface PodStatusFaker {
  /** Stops faking; pods keep their last status. */
  stop(): Promise<void>;
  /** Pods faked so far, by uid (a recreated pod of the same name is faked again). */
  readonly started: ReadonlySet<string>;
}

/**
 * For controller tests that run without a scheduler or node agent: binds every new
 * pod (to the node its required node affinity names, else to `defaultNode`) and marks
 * it Running and Ready with an IP, as the agent would, and completes the graceful
 * deletion of pods being deleted. `ready: false` leaves the Ready condition False (for
 * readiness-gated rollouts).
 */
export async function startPodStatusFaker(
  client: ApiClient,
  options: { defaultNode?: string; ready?: (pod: Pod) => boolean } = {},
): Promise<PodStatusFaker> {
  const informer = new Informer<Pod>({ client, resource: PODS, clock: systemClock, logger: silentLogger });
  const started = new Set<string>();
  let nextIp = 2;
  const finishing = new Set<string>();
  const handle = (pod: Pod) => {
    const key = pod.metadata.uid ?? objectKey(pod);
    if (pod.metadata.deletionTimestamp !== undefined && (pod.metadata.deletionGracePeriodSeconds ?? 0) > 0 && !finishing.has(key)) {
      // As an agent does once the containers have stopped: the final delete.
      finishing.add(key);
      void client
        .delete(PODS, pod.metadata.namespace, pod.metadata.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: key } })
        .catch(() => undefined);
      return;
    }
    if (started.has(key) || pod.metadata.deletionTimestamp !== undefined || pod.status?.phase !== 'Pending') return;
    started.add(key);
    void fake(pod).catch((error: unknown) => {
      started.delete(key);
      process.stderr.write(`pod status faker: ${objectKey(pod)}: ${errorMessage(error)}\n`);
    });
  };
  const fake = async (pod: Pod) => {
    const { namespace = 'default', name = '' } = pod.metadata;
    let nodeName = pod.spec?.nodeName;
    if (nodeName === undefined || nodeName === '') {
      nodeName = affinityNode(pod) ?? options.defaultNode ?? 'test-node';
      await client.createSubresource(PODS, namespace, name, 'binding', {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name, namespace },
        target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
      });
    }
    const ready = options.ready?.(pod) ?? true;
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const ip = `10.42.0.${nextIp++ % 250}`;
    const condition = (type: string, status: boolean) => ({ type, status: status ? 'True' : 'False', lastTransitionTime: now });
    await client.patch(PODS, namespace, name, 'merge', {
      status: {
        phase: 'Running',
        podIP: ip,
        podIPs: [{ ip }],
        hostIP: '127.0.0.1',
        startTime: now,
        conditions: [condition('PodScheduled', true), condition('Initialized', true), condition('ContainersReady', ready), condition('Ready', ready)],
        containerStatuses: (pod.spec?.containers ?? []).map((container) => ({
          name: container.name,
          image: container.image ?? '',
          imageID: '',
          ready,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: now } },
        })),
      },
    }, { subresource: 'status' });
  };
  informer.addHandler({ onAdd: handle, onUpdate: (_old, pod) => { handle(pod); } });
  informer.start();
  await informer.waitForSync();
  return {
    started,
    stop: async () => {
      await informer.stop();
    },
  };
}

function affinityNode(pod: Pod): string | undefined {
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const field of term.matchFields ?? []) {
      if (field.key === 'metadata.name' && field.operator === 'In' && field.values?.[0] !== undefined) return field.values[0];
    }
  }
  return undefined;
}
