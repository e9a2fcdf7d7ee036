import type { Endpoints, Pod, Service } from '../../api/kinds.js';
import { PodReadiness } from '../util/pod-readiness.js';
import { endpointHostname, isPodAddressable, resolveTargetPort } from '../util/service-pods.js';

type EndpointSubset = NonNullable<Endpoints['subsets']>[number];
type EndpointAddress = NonNullable<EndpointSubset['addresses']>[number];
type EndpointPort = NonNullable<EndpointSubset['ports']>[number];

interface AddressPorts {
  readonly address: EndpointAddress;
  readonly ready: boolean;
  readonly ports: EndpointPort[];
}

function addressOf(pod: Pod, service: Service): EndpointAddress {
  const { namespace = '', name = '', uid = '' } = pod.metadata;
  const nodeName = pod.spec?.nodeName ?? '';
  const hostname = endpointHostname(pod, service);
  return {
    ip: pod.status?.podIP ?? '',
    ...(hostname === undefined ? {} : { hostname }),
    ...(nodeName === '' ? {} : { nodeName }),
    targetRef: { kind: 'Pod', namespace, name, uid },
  };
}

function portsOf(pod: Pod, service: Service): EndpointPort[] {
  return (service.spec?.ports ?? []).flatMap((port) => {
    const number = resolveTargetPort(pod, port);
    if (number === undefined) return [];
    return [{ ...(port.name === undefined ? {} : { name: port.name }), port: number, protocol: port.protocol ?? 'TCP', ...(port.appProtocol === undefined ? {} : { appProtocol: port.appProtocol }) }];
  });
}

const byAddress = (a: EndpointAddress, b: EndpointAddress) => a.ip.localeCompare(b.ip) || (a.targetRef?.uid ?? '').localeCompare(b.targetRef?.uid ?? '');
const byPort = (a: EndpointPort, b: EndpointPort) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port || (a.protocol ?? '').localeCompare(b.protocol ?? '');

/**
 * The Endpoints subsets of a Service from its pods: ready pods as addresses, others as
 * notReadyAddresses (all as addresses with publishNotReadyAddresses), addresses with
 * the same ports packed into one subset, in a stable order.
 */
export function endpointSubsets(service: Service, pods: readonly Pod[]): EndpointSubset[] {
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  const headlessWithoutPorts = service.spec?.clusterIP === 'None' && (service.spec.ports ?? []).length === 0;
  const entries: AddressPorts[] = [];
  for (const pod of pods) {
    if (!isPodAddressable(pod, publishNotReady)) continue;
    const ports = portsOf(pod, service).sort(byPort);
    if (ports.length === 0 && !headlessWithoutPorts) continue;
    entries.push({ address: addressOf(pod, service), ready: publishNotReady || PodReadiness.isReady(pod), ports });
  }
  const groups = new Map<string, { ports: EndpointPort[]; addresses: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const entry of entries) {
    const key = JSON.stringify(entry.ports);
    let group = groups.get(key);
    if (group === undefined) {
      group = { ports: entry.ports, addresses: [], notReady: [] };
      groups.set(key, group);
    }
    (entry.ready ? group.addresses : group.notReady).push(entry.address);
  }
  return [...groups.keys()].sort().flatMap((key) => {
    const group = groups.get(key);
    if (group === undefined) return [];
    return [
      {
        ...(group.addresses.length === 0 ? {} : { addresses: group.addresses.sort(byAddress) }),
        ...(group.notReady.length === 0 ? {} : { notReadyAddresses: group.notReady.sort(byAddress) }),
        ...(group.ports.length === 0 ? {} : { ports: group.ports }),
      },
    ];
  });
}
