import type { EndpointSlice, Pod, Service } from '../../api/kinds.js';
import { PodReadiness } from '../util/pod-readiness.js';
import { endpointHostname, isPodAddressable, resolveTargetPort } from '../util/service-pods.js';

export type SliceEndpoint = EndpointSlice['endpoints'][number];
export type SlicePort = NonNullable<EndpointSlice['ports']>[number];

/** The endpoints sharing one port set; a Service gets at least one such group (the placeholder). */
export interface EndpointGroup {
  readonly ports: SlicePort[];
  readonly endpoints: SliceEndpoint[];
}

function endpointOf(pod: Pod, service: Service): SliceEndpoint {
  const serving = PodReadiness.isReady(pod);
  const terminating = pod.metadata.deletionTimestamp !== undefined;
  const ready = service.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  const { namespace = '', name = '', uid = '' } = pod.metadata;
  const nodeName = pod.spec?.nodeName ?? '';
  const hostname = endpointHostname(pod, service);
  return {
    addresses: [pod.status?.podIP ?? ''],
    conditions: { ready, serving, terminating },
    ...(hostname === undefined ? {} : { hostname }),
    targetRef: { kind: 'Pod', namespace, name, uid },
    ...(nodeName === '' ? {} : { nodeName }),
  };
}

function portsOf(pod: Pod, service: Service): SlicePort[] {
  return (service.spec?.ports ?? []).flatMap((port) => {
    const number = resolveTargetPort(pod, port);
    if (number === undefined) return [];
    return [{ name: port.name ?? '', port: number, protocol: port.protocol ?? 'TCP', ...(port.appProtocol === undefined ? {} : { appProtocol: port.appProtocol }) }];
  });
}

function isIpv4(pod: Pod): boolean {
  return /^\d+\.\d+\.\d+\.\d+$/.test(pod.status?.podIP ?? '');
}

/**
 * The IPv4 endpoints of a Service's pods grouped by their resolved ports: terminating
 * pods stay listed with terminating=true; with no pod at all a single empty group
 * stands for the placeholder slice upstream keeps.
 */
export function desiredEndpointGroups(service: Service, pods: readonly Pod[]): EndpointGroup[] {
  const groups = new Map<string, EndpointGroup>();
  const sorted = [...pods].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  for (const pod of sorted) {
    if (!isPodAddressable(pod, true) || !isIpv4(pod)) continue;
    const ports = portsOf(pod, service);
    const key = JSON.stringify(ports);
    let group = groups.get(key);
    if (group === undefined) {
      group = { ports, endpoints: [] };
      groups.set(key, group);
    }
    group.endpoints.push(endpointOf(pod, service));
  }
  if (groups.size === 0) return [{ ports: [], endpoints: [] }];
  return [...groups.keys()].sort().flatMap((key) => {
    const group = groups.get(key);
    return group === undefined ? [] : [group];
  });
}
