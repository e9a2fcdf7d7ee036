import type { EndpointSlice, Pod, Service } from '../../api/kinds.js';
import type { OwnerReference } from '../../api/object.js';
import { resourceOf } from '../../client/api-client.js';
import { isNotFound } from '../../client/api-status-error.js';
import { keyOf, splitKey } from '../../client/object-key.js';
import type { ControllerSpec } from '../runtime/controller-spec.js';
import { enqueueObject } from '../runtime/enqueue-handlers.js';
import { EndpointSliceWriter } from './endpoint-slice-writer.js';
import { serviceSelector, servicesSelecting } from '../util/service-pods.js';
import { SliceLabels } from './slice-labels.js';

const SERVICES = resourceOf('v1', 'Service');
const PODS = resourceOf('v1', 'Pod');
const ENDPOINT_SLICES = resourceOf('discovery.k8s.io/v1', 'EndpointSlice');

const { serviceName: SERVICE_NAME_LABEL, managedBy: MANAGED_BY_LABEL, controllerName: CONTROLLER_NAME } = SliceLabels;
const SERVICE_INDEX = 'endpointslice-controller/service';

function serviceKeyOf(slice: EndpointSlice): string | undefined {
  const labels = slice.metadata.labels ?? {};
  const service = labels[SERVICE_NAME_LABEL];
  return service === undefined || labels[MANAGED_BY_LABEL] !== CONTROLLER_NAME ? undefined : keyOf(slice.metadata.namespace, service);
}

function ownedBy(slice: EndpointSlice, service: Service): boolean {
  return (slice.metadata.ownerReferences ?? []).some((reference: OwnerReference) => reference.controller === true && reference.uid === service.metadata.uid);
}

/**
 * Keeps the discovery.k8s.io/v1 EndpointSlices of every Service with a selector
 * (upstream's endpointslice controller): one or more slices per port set, at most 100
 * endpoints each, labelled with the Service's name and this controller, owned by the
 * Service. Slices of a Service that is gone are deleted.
 */
export const endpointSliceController: ControllerSpec = {
  name: 'endpointslice',
  workers: 5,
  create: (context, queue) => {
    const services = context.informers.informerFor<Service>(SERVICES);
    const pods = context.informers.informerFor<Pod>(PODS);
    const slices = context.informers.informerFor<EndpointSlice>(ENDPOINT_SLICES);
    slices.addIndex(SERVICE_INDEX, (slice) => {
      const key = serviceKeyOf(slice);
      return key === undefined ? [] : [key];
    });
    services.addHandler(enqueueObject(queue));
    const enqueuePod = (pod: Pod) => {
      for (const key of servicesSelecting(services, pod)) queue.add(key);
    };
    pods.addHandler({
      onAdd: enqueuePod,
      onUpdate: (previous, pod) => {
        enqueuePod(pod);
        enqueuePod(previous);
      },
      onDelete: enqueuePod,
    });
    const enqueueSlice = (slice: EndpointSlice) => {
      const key = serviceKeyOf(slice);
      if (key !== undefined) queue.add(key);
    };
    slices.addHandler({ onUpdate: (_previous, slice) => { enqueueSlice(slice); }, onDelete: enqueueSlice });
    const writer = new EndpointSliceWriter({ client: context.client, clock: context.clock });
    return {
      reconcile: async (key) => {
        const { namespace, name } = splitKey(key);
        const service = services.get(namespace, name);
        const existing = slices.byIndex(SERVICE_INDEX, key);
        if (service === undefined) {
          await Promise.all(
            existing.map(async (slice) => {
              try {
                await context.client.delete(ENDPOINT_SLICES, namespace, slice.metadata.name ?? '', { preconditions: { uid: slice.metadata.uid ?? '' } });
              } catch (error) {
                if (!isNotFound(error)) throw error;
              }
            }),
          );
          return undefined;
        }
        const selector = serviceSelector(service);
        if (selector === undefined) return undefined;
        const selected = pods.list(namespace).filter((pod) => selector.matches(pod.metadata.labels));
        await writer.write(service, selected, existing.filter((slice) => ownedBy(slice, service)), existing.filter((slice) => !ownedBy(slice, service)));
        return undefined;
      },
    };
  },
};
