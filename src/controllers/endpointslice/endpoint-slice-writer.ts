import type { EndpointSlice, Pod, Service } from '../../api/kinds.js';
import { type ApiClient, resourceOf } from '../../client/api-client.js';
import { isNotFound } from '../../client/api-status-error.js';
import { type Clock, rfc3339 } from '../../util/clock.js';
import { desiredEndpointGroups, type SliceEndpoint, type SlicePort } from './desired-slices.js';
import { podChangeTime } from '../util/service-pods.js';
import { SliceLabels } from './slice-labels.js';

const ENDPOINT_SLICES = resourceOf('discovery.k8s.io/v1', 'EndpointSlice');
const MAX_ENDPOINTS_PER_SLICE = 100;
const { serviceName: SERVICE_NAME_LABEL, managedBy: MANAGED_BY_LABEL, controllerName: CONTROLLER_NAME, headless: HEADLESS_LABEL, lastChangeTriggerTime: LAST_CHANGE_TRIGGER_TIME } = SliceLabels;

/** JSON with object keys sorted, so equal content compares equal whatever the key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}

function portsKey(ports: readonly SlicePort[] | undefined): string {
  return canonical((ports ?? []).map((port) => ({ name: port.name ?? '', port: port.port, protocol: port.protocol ?? 'TCP', appProtocol: port.appProtocol })));
}

function sliceLabels(service: Service): Record<string, string> {
  const labels: Record<string, string> = { ...service.metadata.labels };
  delete labels[SERVICE_NAME_LABEL];
  delete labels[MANAGED_BY_LABEL];
  if (service.spec?.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
  else delete labels[HEADLESS_LABEL];
  labels[SERVICE_NAME_LABEL] = service.metadata.name ?? '';
  labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
  return labels;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  if (items.length === 0) return [[]];
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/** Writes the slices a Service should have, reusing existing slices of the same port set. */
export class EndpointSliceWriter {
  readonly #client: ApiClient;
  readonly #clock: Clock;

  constructor(options: { client: ApiClient; clock: Clock }) {
    this.#client = options.client;
    this.#clock = options.clock;
  }

  async write(service: Service, pods: readonly Pod[], owned: readonly EndpointSlice[], strangers: readonly EndpointSlice[]): Promise<void> {
    const labels = sliceLabels(service);
    const unused = new Set(owned);
    const writes: { slice: EndpointSlice | undefined; ports: SlicePort[]; endpoints: SliceEndpoint[] }[] = [];
    for (const group of desiredEndpointGroups(service, pods)) {
      const key = portsKey(group.ports);
      const candidates = owned
        .filter((slice) => portsKey(slice.ports) === key)
        .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
      chunks(group.endpoints, MAX_ENDPOINTS_PER_SLICE).forEach((endpoints, index) => {
        const slice = candidates[index];
        if (slice !== undefined) unused.delete(slice);
        const unchanged = slice !== undefined && canonical(slice.endpoints) === canonical(endpoints) && canonical(slice.metadata.labels ?? {}) === canonical(labels);
        if (!unchanged) writes.push({ slice, ports: group.ports, endpoints });
      });
    }
    const triggerTime = this.#triggerTime(service, pods, owned);
    await Promise.all([
      ...writes.map(async ({ slice, ports, endpoints }) => this.#put(service, slice, { labels, ports, endpoints, triggerTime })),
      ...[...unused, ...strangers].map(async (slice) => this.#delete(slice)),
    ]);
  }

  async #put(
    service: Service,
    slice: EndpointSlice | undefined,
    content: { labels: Record<string, string>; ports: SlicePort[]; endpoints: SliceEndpoint[]; triggerTime: string },
  ): Promise<void> {
    const { name = '', namespace = '', uid = '' } = service.metadata;
    const annotations = { ...slice?.metadata.annotations };
    if (content.triggerTime === '') delete annotations[LAST_CHANGE_TRIGGER_TIME];
    else annotations[LAST_CHANGE_TRIGGER_TIME] = content.triggerTime;
    const object: EndpointSlice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        ...(slice === undefined ? { generateName: `${name.slice(0, 62)}-` } : slice.metadata),
        namespace,
        labels: content.labels,
        annotations,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name, uid, controller: true, blockOwnerDeletion: true }],
      },
      addressType: 'IPv4',
      endpoints: content.endpoints,
      ...(content.ports.length === 0 ? {} : { ports: content.ports }),
    };
    if (slice === undefined) await this.#client.create(ENDPOINT_SLICES, object);
    else await this.#client.update(ENDPOINT_SLICES, object);
  }

  async #delete(slice: EndpointSlice): Promise<void> {
    try {
      await this.#client.delete(ENDPOINT_SLICES, slice.metadata.namespace, slice.metadata.name ?? '', { preconditions: { uid: slice.metadata.uid ?? '' } });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** The latest change among the Service and its pods; now, when a pod left that no cached object remembers. */
  #triggerTime(service: Service, pods: readonly Pod[], owned: readonly EndpointSlice[]): string {
    const times = [service.metadata.creationTimestamp ?? '', ...pods.map(podChangeTime)];
    const live = new Set(pods.map((pod) => pod.metadata.uid));
    if (owned.some((slice) => slice.endpoints.some((endpoint) => !live.has(endpoint.targetRef?.uid)))) times.push(rfc3339(this.#clock.now()));
    return times.reduce((latest, time) => (time > latest ? time : latest), '');
  }
}
