import type { Endpoints, Pod, Service } from '../../api/kinds.js';
import { resourceOf } from '../../client/api-client.js';
import { isNotFound } from '../../client/api-status-error.js';
import type { InformerHandler } from '../../client/informer.js';
import { objectKey, splitKey } from '../../client/object-key.js';
import { rfc3339 } from '../../util/clock.js';
import type { ControllerSpec } from '../runtime/controller-spec.js';
import { enqueueObject } from '../runtime/enqueue-handlers.js';
import type { Enqueuer } from '../runtime/reconciler.js';
import { endpointSubsets } from './endpoint-subsets.js';
import { podChangeTime, serviceSelector, servicesSelecting } from '../util/service-pods.js';

const SERVICES = resourceOf('v1', 'Service');
const PODS = resourceOf('v1', 'Pod');
const ENDPOINTS = resourceOf('v1', 'Endpoints');

export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
const HEADLESS_LABEL = 'service.kubernetes.io/headless';

function podHandler(queue: Enqueuer, services: Parameters<typeof servicesSelecting>[0]): InformerHandler<Pod> {
  const enqueue = (pod: Pod) => {
    for (const key of servicesSelecting(services, pod)) queue.add(key);
  };
  return {
    onAdd: enqueue,
    onUpdate: (previous, pod) => {
      enqueue(pod);
      enqueue(previous);
    },
    onDelete: enqueue,
  };
}

function desiredLabels(service: Service): Record<string, string> {
  const labels = { ...service.metadata.labels };
  if (service.spec?.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
  else delete labels[HEADLESS_LABEL];
  return labels;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function sameLabels(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  const left = a ?? {};
  return Object.keys(left).length === Object.keys(b).length && Object.entries(b).every(([key, value]) => left[key] === value);
}

/** Pods gone from the endpoints since `current` (their removal time is not in any cached object). */
function lostPods(current: Endpoints | undefined, pods: readonly Pod[]): boolean {
  const live = new Set(pods.map((pod) => pod.metadata.uid));
  return (current?.subsets ?? []).some((subset) =>
    [...(subset.addresses ?? []), ...(subset.notReadyAddresses ?? [])].some((address) => !live.has(address.targetRef?.uid)),
  );
}

/**
 * Keeps a core/v1 Endpoints object per Service with a selector: the addresses and
 * ports of the pods it selects (upstream's endpoints controller). Services without a
 * selector keep whatever Endpoints their users write.
 */
export const endpointsController: ControllerSpec = {
  name: 'endpoints',
  workers: 5,
  create: (context, queue) => {
    const services = context.informers.informerFor<Service>(SERVICES);
    const pods = context.informers.informerFor<Pod>(PODS);
    const endpoints = context.informers.informerFor<Endpoints>(ENDPOINTS);
    services.addHandler(enqueueObject(queue));
    pods.addHandler(podHandler(queue, services));
    endpoints.addHandler({ onUpdate: (_previous, current) => { queue.add(objectKey(current)); }, onDelete: (current) => { queue.add(objectKey(current)); } });
    return {
      reconcile: async (key) => {
        const { namespace, name } = splitKey(key);
        const service = services.get(namespace, name);
        const current = endpoints.get(namespace, name);
        if (service === undefined) {
          if (current === undefined) return undefined;
          try {
            await context.client.delete(ENDPOINTS, namespace, name, { preconditions: { uid: current.metadata.uid ?? '' } });
          } catch (error) {
            if (!isNotFound(error)) throw error;
          }
          return undefined;
        }
        const selector = serviceSelector(service);
        if (selector === undefined) return undefined;
        const selected = pods.list(namespace).filter((pod) => selector.matches(pod.metadata.labels));
        const subsets = endpointSubsets(service, selected);
        const labels = desiredLabels(service);
        if (current !== undefined && sameJson(current.subsets ?? [], subsets) && sameLabels(current.metadata.labels, labels)) return undefined;
        const triggers = [service.metadata.creationTimestamp ?? '', ...selected.map(podChangeTime)];
        if (lostPods(current, selected)) triggers.push(rfc3339(context.clock.now()));
        const triggerTime = triggers.reduce((latest, time) => (time > latest ? time : latest), '');
        const annotations = { ...current?.metadata.annotations };
        if (triggerTime === '') delete annotations[LAST_CHANGE_TRIGGER_TIME];
        else annotations[LAST_CHANGE_TRIGGER_TIME] = triggerTime;
        const object: Endpoints = {
          apiVersion: 'v1',
          kind: 'Endpoints',
          metadata: { ...current?.metadata, name, namespace: namespace ?? '', labels, annotations },
          subsets,
        };
        if (current === undefined) await context.client.create<Endpoints>(ENDPOINTS, object);
        else await context.client.update<Endpoints>(ENDPOINTS, object);
        return undefined;
      },
    };
  },
};
