/** What both endpoint controllers need to know about a Service and its pods (upstream's controller/util/endpoint). */
import type { Pod, Service } from '../../api/kinds.js';
import { LabelSelector } from '../../api/label-selector.js';
import type { Informer } from '../../client/informer.js';
import { objectKey } from '../../client/object-key.js';

type ServicePort = NonNullable<NonNullable<Service['spec']>['ports']>[number];

/** The pods a Service selects, or undefined when this controller leaves it alone (no selector, ExternalName). */
export function serviceSelector(service: Service): LabelSelector | undefined {
  const selector = service.spec?.selector;
  if (selector === undefined || Object.keys(selector).length === 0 || service.spec?.type === 'ExternalName') return undefined;
  return LabelSelector.of(Object.entries(selector).map(([key, value]) => ({ key, operator: '=', values: [value] })));
}

/** Whether a pod can be an endpoint at all: it has an IP and has not run to completion. */
export function isPodAddressable(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if ((pod.status?.podIP ?? '') === '') return false;
  return includeTerminating || pod.metadata.deletionTimestamp === undefined;
}

/** The container port a Service port reaches on this pod: targetPort by number, or by container port name. */
export function resolveTargetPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  const protocol = port.protocol ?? 'TCP';
  for (const container of pod.spec?.containers ?? []) {
    const match = container.ports?.find((candidate) => candidate.name === target && (candidate.protocol ?? 'TCP') === protocol);
    if (match !== undefined) return match.containerPort;
  }
  return undefined;
}

/** A pod's hostname is published only when its subdomain names the Service. */
export function endpointHostname(pod: Pod, service: Service): string | undefined {
  const hostname = pod.spec?.hostname ?? '';
  return hostname !== '' && pod.spec?.subdomain === service.metadata.name && pod.metadata.namespace === service.metadata.namespace ? hostname : undefined;
}

/** When this pod last changed in a way that moves endpoints: created, became (un)ready, or started terminating. */
export function podChangeTime(pod: Pod): string {
  const ready = pod.status?.conditions?.find((condition) => condition.type === 'Ready')?.lastTransitionTime;
  return [pod.metadata.creationTimestamp ?? '', ready ?? '', pod.metadata.deletionTimestamp ?? ''].reduce((latest, time) => (time > latest ? time : latest), '');
}

/** Keys of the Services in the pod's namespace that select it. */
export function servicesSelecting(services: Informer<Service>, pod: Pod): string[] {
  return services
    .list(pod.metadata.namespace ?? '')
    .filter((service) => serviceSelector(service)?.matches(pod.metadata.labels) === true)
    .map((service) => objectKey(service));
}
