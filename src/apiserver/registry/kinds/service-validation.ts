import { validateLabels } from '../../../api/labels-validation.js';
import { validateDns1123Label, validateDns1123Subdomain, validateQualifiedName } from '../../../api/names.js';
import { GoValue } from './go-values.js';
import { validateCidr, validateIp } from './network-addresses.js';
import type { ObjectReader } from './object-reader.js';
import { checkPortNumOrName, checkProtocol, validatePortNumber } from './ports.js';

export const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const AFFINITIES = ['ClientIP', 'None'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const IP_FAMILIES = ['IPv4', 'IPv6'];
const MAX_AFFINITY_SECONDS = 86400;

/** Upstream's ExternallyAccessible: NodePort, LoadBalancer, or ClusterIP with external IPs. */
export function externallyAccessible(type: unknown, externalIps: unknown): boolean {
  return type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && Array.isArray(externalIps) && externalIps.length > 0);
}

function servicePortKey(protocol: string, port: number): GoValue {
  const target = 'intstr.IntOrString{Type:0, IntVal:0, StrVal:""}';
  return new GoValue(`core.ServicePort{Name:"", Protocol:${JSON.stringify(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:${target}, NodePort:0}`);
}

function checkPorts(spec: ObjectReader): void {
  const { problems } = spec;
  const ports = spec.objects('ports');
  const names = new Set<string>();
  for (const port of ports) {
    const name = port.string('name');
    if (ports.length > 1 && name === '') problems.required(port.at('name'));
    else if (name !== '') {
      problems.invalidEach(port.at('name'), name, validateDns1123Label(name));
      if (names.has(name)) problems.duplicate(port.at('name'), name);
      names.add(name);
    }
    const number = port.int('port') ?? 0;
    problems.invalidEach(port.at('port'), number, validatePortNumber(number));
    checkProtocol(problems, port.at('protocol'), port.string('protocol'));
    checkPortNumOrName(problems, port.at('targetPort'), port.raw('targetPort'));
    const appProtocol = port.optionalString('appProtocol');
    if (appProtocol !== undefined) problems.invalidEach(port.at('appProtocol'), appProtocol, validateQualifiedName(appProtocol));
  }
}

/** Upstream's checks of node ports on ClusterIP services and of (protocol, port) pairs used twice. */
function checkPortConflicts(spec: ObjectReader, type: string): void {
  const { problems } = spec;
  const ports = spec.objects('ports');
  if (type === 'ClusterIP') {
    for (const port of ports) if ((port.int('nodePort') ?? 0) !== 0) problems.forbidden(port.at('nodePort'), "may not be used when `type` is 'ClusterIP'");
  }
  const nodePorts = new Set<string>();
  for (const port of ports) {
    const nodePort = port.int('nodePort') ?? 0;
    if (nodePort === 0) continue;
    const key = `${port.string('protocol')}/${nodePort}`;
    if (nodePorts.has(key)) problems.duplicate(port.at('nodePort'), nodePort);
    nodePorts.add(key);
  }
  const keys = new Set<string>();
  for (const port of ports) {
    const key = `${port.string('protocol')}/${port.int('port') ?? 0}`;
    if (keys.has(key)) problems.duplicate(port.path, servicePortKey(port.string('protocol'), port.int('port') ?? 0));
    keys.add(key);
  }
}

function checkAffinity(spec: ObjectReader): void {
  const { problems } = spec;
  const affinity = spec.string('sessionAffinity');
  if (affinity === '') problems.required(spec.at('sessionAffinity'));
  else if (!AFFINITIES.includes(affinity)) problems.notSupported(spec.at('sessionAffinity'), affinity, AFFINITIES);
  const config = spec.object('sessionAffinityConfig');
  if (affinity === 'ClientIP') {
    if (config === undefined) { problems.required(spec.at('sessionAffinityConfig'), 'when session affinity type is ClientIP'); return; }
    const clientIp = config.object('clientIP');
    if (clientIp === undefined) { problems.required(config.at('clientIP'), 'when session affinity type is ClientIP'); return; }
    const timeout = clientIp.int('timeoutSeconds') ?? 0;
    if (timeout <= 0 || timeout > MAX_AFFINITY_SECONDS) {
      problems.invalid(clientIp.at('timeoutSeconds'), timeout, `must be greater than 0 and less than ${MAX_AFFINITY_SECONDS}`);
    }
  } else if (affinity === 'None' && config !== undefined) {
    problems.forbidden(spec.at('sessionAffinityConfig'), 'must not be set when session affinity is None');
  }
}

function checkClusterIps(spec: ObjectReader): void {
  const { problems } = spec;
  const clusterIp = spec.string('clusterIP');
  const clusterIps = spec.strings('clusterIPs');
  if (clusterIp !== '' && clusterIps.length > 0 && clusterIps[0] !== clusterIp) {
    problems.invalid(spec.at('clusterIPs'), clusterIps, 'first value must match `clusterIP`');
  }
  clusterIps.forEach((ip, index) => {
    if (index === 0 && ip === 'None') {
      if (clusterIps.length > 1) problems.invalid(spec.at('clusterIPs'), clusterIps, "'None' must be the first and only value");
      return;
    }
    problems.invalidEach(spec.at('clusterIPs').index(index), ip, validateIp(ip));
  });
  const policy = spec.optionalString('ipFamilyPolicy');
  if (policy !== undefined && !IP_FAMILY_POLICIES.includes(policy)) problems.notSupported(spec.at('ipFamilyPolicy'), policy, IP_FAMILY_POLICIES);
  const families = spec.strings('ipFamilies');
  families.forEach((family, index) => {
    if (!IP_FAMILIES.includes(family)) problems.notSupported(spec.at('ipFamilies').index(index), family, IP_FAMILIES);
    else if (families.indexOf(family) !== index) problems.duplicate(spec.at('ipFamilies').index(index), family);
  });
  if (families.length > 2) problems.invalid(spec.at('ipFamilies'), families, 'may specify no more than one IP for each IP family');
  if (policy === 'SingleStack' && families.length > 1) problems.invalid(spec.at('ipFamilies'), families, 'when ipFamilyPolicy is SingleStack only one ipFamily may be specified');
}

function checkTraffic(spec: ObjectReader, type: string): void {
  const { problems } = spec;
  const external = spec.string('externalTrafficPolicy');
  if (!externallyAccessible(type, spec.raw('externalIPs'))) {
    if (external !== '') problems.invalid(spec.at('externalTrafficPolicy'), external, 'may only be set for externally-accessible services');
  } else if (external === '') {
    problems.required(spec.at('externalTrafficPolicy'));
  } else if (!TRAFFIC_POLICIES.includes(external)) {
    problems.notSupported(spec.at('externalTrafficPolicy'), external, TRAFFIC_POLICIES);
  }
  const healthCheck = spec.int('healthCheckNodePort') ?? 0;
  const needsHealthCheck = type === 'LoadBalancer' && external === 'Local';
  if (!needsHealthCheck && healthCheck !== 0) {
    problems.invalid(spec.at('healthCheckNodePort'), healthCheck, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
  } else if (healthCheck !== 0) {
    problems.invalidEach(spec.at('healthCheckNodePort'), healthCheck, validatePortNumber(healthCheck));
  }
  const internal = spec.optionalString('internalTrafficPolicy');
  if (internal === undefined && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(type)) problems.required(spec.at('internalTrafficPolicy'), 'must be specified');
  if (internal !== undefined && !TRAFFIC_POLICIES.includes(internal)) problems.notSupported(spec.at('internalTrafficPolicy'), internal, TRAFFIC_POLICIES);
}

/** Upstream's ValidateService (without what needs the cluster's allocators). */
export function checkServiceSpec(spec: ObjectReader): void {
  const { problems } = spec;
  const type = spec.string('type');
  const headless = spec.string('clusterIP') === 'None';
  if (spec.objects('ports').length === 0 && !headless && type !== 'ExternalName') problems.required(spec.at('ports'));
  if ((type === 'LoadBalancer' || type === 'NodePort') && headless) {
    problems.invalid(spec.at('clusterIPs').index(0), 'None', `may not be set to 'None' for ${type} services`);
  }
  if (type === 'ExternalName') {
    if (spec.strings('clusterIPs').length > 0 || spec.string('clusterIP') !== '') problems.forbidden(spec.at('clusterIPs'), 'may not be set for ExternalName services');
    if (spec.strings('ipFamilies').length > 0) problems.forbidden(spec.at('ipFamilies'), 'may not be set for ExternalName services');
    if (spec.has('ipFamilyPolicy')) problems.forbidden(spec.at('ipFamilyPolicy'), 'may not be set for ExternalName services');
    const name = spec.string('externalName').replace(/\.$/, '');
    if (name === '') problems.required(spec.at('externalName'));
    else problems.invalidEach(spec.at('externalName'), name, validateDns1123Subdomain(name));
  }
  checkPorts(spec);
  if (spec.has('selector')) problems.add(...validateLabels(spec.raw('selector'), spec.at('selector')));
  checkAffinity(spec);
  checkClusterIps(spec);
  spec.strings('externalIPs').forEach((ip, index) => { problems.invalidEach(spec.at('externalIPs').index(index), ip, validateIp(ip)); });
  if (type === '') problems.required(spec.at('type'));
  else if (!SERVICE_TYPES.includes(type)) problems.notSupported(spec.at('type'), type, SERVICE_TYPES);
  checkPortConflicts(spec, type);
  const sourceRanges = spec.strings('loadBalancerSourceRanges');
  if (sourceRanges.length > 0) {
    const path = spec.at('LoadBalancerSourceRanges');
    if (type !== 'LoadBalancer') problems.forbidden(path, "may only be used when `type` is 'LoadBalancer'");
    sourceRanges.forEach((range, index) => { problems.invalidEach(path.index(index), range.trim(), validateCidr(range.trim())); });
  }
  if (spec.has('allocateLoadBalancerNodePorts') && type !== 'LoadBalancer') {
    problems.forbidden(spec.at('allocateLoadBalancerNodePorts'), "may only be used when `type` is 'LoadBalancer'");
  }
  checkTraffic(spec, type);
}
