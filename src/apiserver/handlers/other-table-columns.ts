import type { ApiObject } from '../../api/object.js';
import { ageOf, column, labelSelectorText, list, listWithMore, num, obj, str, type Column, type Json } from './table-cells.js';

/** A quantity as stored (`10Gi`), `0` when unset. */
function quantityText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '0';
}

const ACCESS_MODES: readonly [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** Access modes abbreviated, in upstream's fixed order: RWO,ROX,RWX,RWOP. */
function accessModesText(modes: unknown): string {
  const set = Array.isArray(modes) ? modes : [];
  return ACCESS_MODES.filter(([mode]) => set.includes(mode)).map(([, short]) => short).join(',');
}

/** The storage class of a PV or PVC: the beta annotation wins over the field. */
function storageClassOf(object: ApiObject): string {
  const annotated = object.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  return annotated ?? str(obj(object.spec).storageClassName);
}

const terminatingOr = (object: ApiObject, phase: string): string => (object.metadata.deletionTimestamp === undefined ? phase : 'Terminating');

/** An IntOrString as printed, `N/A` when unset. */
function intOrStringText(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value === 'string' ? value : 'N/A';
}

/** `kind.group/name` (or `kind/name` in the core group), lower-cased kind, as upstream names owners. */
function controllerText(object: ApiObject): string {
  const owner = (object.metadata.ownerReferences ?? []).find((ref) => ref.controller === true);
  if (owner === undefined) return '<none>';
  const group = owner.apiVersion.includes('/') ? owner.apiVersion.split('/')[0] : '';
  return `${owner.kind.toLowerCase()}${group === '' || group === undefined ? '' : `.${group}`}/${owner.name}`;
}

function ingressHosts(ingress: ApiObject): string {
  const rules = list(obj(ingress.spec).rules);
  const hosts = rules.slice(0, 3).map((rule) => str(rule.host)).filter((host) => host !== '');
  if (hosts.length === 0) return '*';
  return rules.length > 3 ? `${hosts.join(',')} + ${rules.length - 3} more...` : hosts.join(',');
}

/** Load-balancer ingress points (IPs, else hostnames) joined by commas. */
function loadBalancerText(status: unknown): string {
  return list(obj(obj(status).loadBalancer).ingress)
    .map((entry) => str(entry.ip, str(entry.hostname)))
    .filter((address) => address !== '')
    .join(',');
}

/** An Endpoints object's `ip:port` pairs, at most three, as kubectl shows them. */
function endpointsText(endpoints: ApiObject): string {
  const subsets = list(endpoints.subsets);
  if (subsets.length === 0) return '<none>';
  const pairs: string[] = [];
  for (const subset of subsets) {
    const addresses = list(subset.addresses).map((address) => str(address.ip));
    const ports = list(subset.ports);
    if (ports.length === 0) pairs.push(...addresses);
    for (const port of ports) pairs.push(...addresses.map((ip) => (ip.includes(':') ? `[${ip}]:${num(port.port)}` : `${ip}:${num(port.port)}`)));
  }
  return listWithMore(pairs, 3);
}

function sliceEndpointsText(slice: ApiObject): string {
  const addresses = list(slice.endpoints).flatMap((endpoint) => (Array.isArray(endpoint.addresses) ? endpoint.addresses.map((address) => str(address)) : []));
  return listWithMore(addresses, 3, addresses.length, '<unset>');
}

function slicePortsText(slice: ApiObject): string {
  const ports = list(slice.ports).map((port) => (typeof port.port === 'number' ? String(port.port) : typeof port.name === 'string' ? port.name : '*'));
  return listWithMore(ports, 3, ports.length, '<unset>');
}

/** One HPA metric as `current/target`, prefixed by the resource name for resource metrics. */
function metricText(spec: Json, status: Json | undefined): string {
  const type = str(spec.type);
  const source = obj(spec[type.charAt(0).toLowerCase() + type.slice(1)]);
  const current = obj(obj(status?.[type.charAt(0).toLowerCase() + type.slice(1)]).current);
  const target = obj(source.target);
  const quantity = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '<unknown>');
  if (type === 'Resource' || type === 'ContainerResource') {
    const name = str(source.name);
    if (target.averageValue !== undefined) return `${name}: ${status === undefined ? '<unknown>' : quantity(current.averageValue)}/${quantity(target.averageValue)}`;
    const now = typeof current.averageUtilization === 'number' ? `${current.averageUtilization}%` : '<unknown>';
    const wanted = typeof target.averageUtilization === 'number' ? `${target.averageUtilization}%` : '<auto>';
    return `${name}: ${now}/${wanted}`;
  }
  const wantedValue = target.value ?? target.averageValue;
  const currentValue = target.value === undefined ? current.averageValue : current.value;
  const avg = type === 'Pods' || target.value === undefined ? ' (avg)' : '';
  return `${status === undefined ? '<unknown>' : quantity(currentValue)}/${quantity(wantedValue)}${type === 'Pods' ? '' : avg}`;
}

/** The TARGETS of an autoscaling/v2 (or v1) HorizontalPodAutoscaler. */
function hpaTargets(hpa: ApiObject): string {
  const spec = obj(hpa.spec);
  const status = obj(hpa.status);
  if (typeof spec.targetCPUUtilizationPercentage === 'number') {
    const current = typeof status.currentCPUUtilizationPercentage === 'number' ? `${status.currentCPUUtilizationPercentage}%` : '<unknown>';
    return `cpu: ${current}/${spec.targetCPUUtilizationPercentage}%`;
  }
  const metrics = list(spec.metrics);
  if (metrics.length === 0) return '<none>';
  const current = list(status.currentMetrics);
  const parts = metrics.map((metric, i) => metricText(metric, current[i]));
  return parts.length > 2 ? `${parts.slice(0, 2).join(', ')} + ${parts.length - 2} more...` : parts.join(', ');
}

/** Containers, images and selector of a CronJob's job template (`-o wide`). */
const cronJobWide: Column[] = [
  column('Containers', 'string', 'Names of each container in the template.', (o) => jobTemplateContainers(o).map((c) => str(c.name)).join(','), 1),
  column('Images', 'string', 'Images referenced by each container in the template.', (o) => jobTemplateContainers(o).map((c) => str(c.image)).join(','), 1),
  column('Selector', 'string', 'A label query over pods that should match the pod count.', (o) => labelSelectorText(obj(obj(obj(o.spec).jobTemplate).spec).selector), 1),
];

function jobTemplateContainers(cronJob: ApiObject): Json[] {
  return list(obj(obj(obj(obj(obj(cronJob.spec).jobTemplate).spec).template).spec).containers);
}

const volumeMode = (o: ApiObject): string => str(obj(o.spec).volumeMode, '<unset>');
const volumeAttributesClass = (o: ApiObject): string => str(obj(o.spec).volumeAttributesClassName, '<unset>');

/** Columns of networking, storage, autoscaling, batch and coordination kinds (NAME and AGE are added around them). */
export const OTHER_TABLE_COLUMNS: Record<string, Column[]> = {
  ingresses: [
    column('Class', 'string', 'The name of the IngressClass resource.', (o) => str(obj(o.spec).ingressClassName, '<none>')),
    column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule', ingressHosts),
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer', (o) => loadBalancerText(o.status)),
    column('Ports', 'string', 'Ports of TLS configurations that open', (o) => (list(obj(o.spec).tls).length > 0 ? '80, 443' : '80')),
  ],
  ingressclasses: [
    column('Controller', 'string', 'Controller that implements this IngressClass.', (o) => str(obj(o.spec).controller)),
    column('Parameters', 'string', 'A reference to a resource with additional parameters.', (o) => {
      const parameters = obj(obj(o.spec).parameters);
      if (Object.keys(parameters).length === 0) return '<none>';
      const group = typeof parameters.apiGroup === 'string' ? `.${parameters.apiGroup}` : '';
      return `${str(parameters.kind)}${group}/${str(parameters.name)}`;
    }),
  ],
  networkpolicies: [column('Pod-Selector', 'string', 'Selects the pods to which this NetworkPolicy object applies.', (o) => labelSelectorText(obj(o.spec).podSelector))],
  endpoints: [column('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.', endpointsText)],
  endpointslices: [
    column('AddressType', 'string', 'The type of address carried by this EndpointSlice.', (o) => str(o.addressType)),
    column('Ports', 'string', 'Ports exposed by the endpoints of this slice.', slicePortsText),
    column('Endpoints', 'string', 'The addresses of the endpoints of this slice.', sliceEndpointsText),
  ],
  persistentvolumes: [
    column('Capacity', 'string', 'The capacity of the persistent volume.', (o) => quantityText(obj(obj(o.spec).capacity).storage)),
    column('Access Modes', 'string', 'The ways the volume can be mounted.', (o) => accessModesText(obj(o.spec).accessModes)),
    column('Reclaim Policy', 'string', 'What happens to the volume when released from its claim.', (o) => str(obj(o.spec).persistentVolumeReclaimPolicy)),
    column('Status', 'string', 'The phase of the volume.', (o) => terminatingOr(o, str(obj(o.status).phase))),
    column('Claim', 'string', 'The claim bound to this volume.', (o) => {
      const ref = obj(obj(o.spec).claimRef);
      return typeof ref.name === 'string' ? `${str(ref.namespace)}/${ref.name}` : '';
    }),
    column('StorageClass', 'string', 'StorageClass of the pv', storageClassOf),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv', volumeAttributesClass),
    column('Reason', 'string', 'Why the volume is in this phase.', (o) => str(obj(o.status).reason)),
    column('VolumeMode', 'string', 'Whether the volume is a filesystem or a raw block device.', volumeMode, 1),
  ],
  persistentvolumeclaims: [
    column('Status', 'string', 'The phase of the claim.', (o) => terminatingOr(o, str(obj(o.status).phase))),
    column('Volume', 'string', 'The volume bound to this claim.', (o) => str(obj(o.spec).volumeName)),
    column('Capacity', 'string', 'The capacity of the bound volume.', (o) => (str(obj(o.spec).volumeName) === '' ? '' : quantityText(obj(obj(o.status).capacity).storage))),
    column('Access Modes', 'string', 'The access modes of the bound volume.', (o) => (str(obj(o.spec).volumeName) === '' ? '' : accessModesText(obj(o.status).accessModes))),
    column('StorageClass', 'string', 'StorageClass of the pvc', storageClassOf),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc', volumeAttributesClass),
    column('VolumeMode', 'string', 'Whether the volume is a filesystem or a raw block device.', volumeMode, 1),
  ],
  cronjobs: [
    column('Schedule', 'string', 'The schedule in Cron format.', (o) => str(obj(o.spec).schedule)),
    column('Timezone', 'string', 'The time zone of the schedule.', (o) => str(obj(o.spec).timeZone, '<none>')),
    column('Suspend', 'boolean', 'Whether subsequent runs are suspended.', (o) => {
      const suspend = obj(o.spec).suspend;
      return typeof suspend === 'boolean' ? (suspend ? 'True' : 'False') : '<unset>';
    }),
    column('Active', 'integer', 'The number of currently running jobs.', (o) => list(obj(o.status).active).length),
    column('Last Schedule', 'string', 'The last time the job was scheduled.', (o, now) => ageOf(obj(o.status).lastScheduleTime, now, '<none>')),
    ...cronJobWide,
  ],
  serviceaccounts: [column('Secrets', 'string', 'Secrets the pods of this service account may use.', (o) => list(o.secrets).length)],
  leases: [column('Holder', 'string', 'The holder of the lease.', (o) => str(obj(o.spec).holderIdentity))],
  poddisruptionbudgets: [
    column('Min Available', 'string', 'The minimum number of pods that must stay available.', (o) => intOrStringText(obj(o.spec).minAvailable)),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.', (o) => intOrStringText(obj(o.spec).maxUnavailable)),
    column('Allowed Disruptions', 'integer', 'How many pod disruptions are allowed now.', (o) => num(obj(o.status).disruptionsAllowed)),
  ],
  horizontalpodautoscalers: [
    column('Reference', 'string', 'The scaled resource.', (o) => {
      const ref = obj(obj(o.spec).scaleTargetRef);
      return `${str(ref.kind)}/${str(ref.name)}`;
    }),
    column('Targets', 'string', 'The metrics and their targets.', hpaTargets),
    column('MinPods', 'string', 'The lower limit of replicas.', (o) => {
      const min = obj(o.spec).minReplicas;
      return typeof min === 'number' ? min : '<unset>';
    }),
    column('MaxPods', 'string', 'The upper limit of replicas.', (o) => num(obj(o.spec).maxReplicas)),
    column('Replicas', 'string', 'The current number of replicas.', (o) => num(obj(o.status).currentReplicas)),
  ],
  controllerrevisions: [
    column('Controller', 'string', 'The controller that owns this revision.', controllerText),
    column('Revision', 'integer', 'The revision number.', (o) => num(o.revision)),
  ],
};
