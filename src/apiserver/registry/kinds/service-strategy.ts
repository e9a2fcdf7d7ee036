import type { ApiObject } from '../../../api/object.js';
import { type Json, ensureObject, isUnset, objectAt, objectsAt, setDefault } from './json.js';
import { KindStrategy } from './kind-strategy.js';
import type { ObjectReader } from './object-reader.js';
import { checkServiceSpec, externallyAccessible } from './service-validation.js';

const DEFAULT_AFFINITY_SECONDS = 10800;
const CLUSTER_IP_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer'];

function isExternalName(spec: Json | undefined): boolean {
  return spec?.['type'] === 'ExternalName';
}

/**
 * What an update that leaves out allocated values keeps (upstream's patchAllocatedValues),
 * so `kubectl replace` of a manifest works: the cluster IPs, node ports and health check port.
 */
function keepAllocatedValues(spec: Json, oldSpec: Json): void {
  if (isExternalName(spec) || isExternalName(oldSpec)) return;
  if ((isUnset(spec['clusterIP']) || spec['clusterIP'] === '') && !isUnset(oldSpec['clusterIP'])) {
    spec['clusterIP'] = oldSpec['clusterIP'];
    if (isUnset(spec['clusterIPs']) && !isUnset(oldSpec['clusterIPs'])) spec['clusterIPs'] = structuredClone(oldSpec['clusterIPs']);
  }
  const oldPorts = objectsAt(oldSpec, 'ports');
  for (const port of objectsAt(spec, 'ports')) {
    if (!isUnset(port['nodePort']) && port['nodePort'] !== 0) continue;
    const match = oldPorts.find((old) => old['port'] === port['port'] && (old['protocol'] ?? 'TCP') === (port['protocol'] ?? 'TCP'));
    if (match !== undefined && !isUnset(match['nodePort']) && spec['type'] !== 'ClusterIP') port['nodePort'] = match['nodePort'];
  }
  if ((isUnset(spec['healthCheckNodePort']) || spec['healthCheckNodePort'] === 0) && !isUnset(oldSpec['healthCheckNodePort'])) {
    if (spec['type'] === 'LoadBalancer' && spec['externalTrafficPolicy'] === 'Local') spec['healthCheckNodePort'] = oldSpec['healthCheckNodePort'];
  }
}

/**
 * Services: upstream's SetDefaults_Service and ValidateService. Tugboat's clusters are
 * single-stack IPv4. Allocating cluster IPs and node ports happens elsewhere; this
 * keeps `clusterIPs` in step with an allocated `clusterIP`.
 */
export class ServiceStrategy extends KindStrategy {
  override prepareForCreate(object: ApiObject): void {
    object.status = { loadBalancer: {} };
  }

  override prepareForUpdate(object: ApiObject, old: ApiObject): void {
    super.prepareForUpdate(object, old);
    const spec = objectAt(object, 'spec');
    const oldSpec = objectAt(old, 'spec');
    if (spec !== undefined && oldSpec !== undefined) keepAllocatedValues(spec, oldSpec);
  }

  override applyDefaults(object: ApiObject): void {
    const spec = ensureObject(object, 'spec');
    if (spec === undefined) return;
    setDefault(spec, 'sessionAffinity', 'None');
    if (spec['sessionAffinity'] === 'None') delete spec['sessionAffinityConfig'];
    if (spec['sessionAffinity'] === 'ClientIP') {
      const timeout = objectAt(objectAt(objectAt(spec, 'sessionAffinityConfig') ?? {}, 'clientIP') ?? {}, 'timeoutSeconds');
      if (isUnset(timeout)) spec['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: DEFAULT_AFFINITY_SECONDS } };
    }
    setDefault(spec, 'type', 'ClusterIP');
    for (const port of objectsAt(spec, 'ports')) {
      setDefault(port, 'protocol', 'TCP');
      const target = port['targetPort'];
      if (isUnset(target) || target === 0 || target === '') port['targetPort'] = port['port'];
    }
    if (externallyAccessible(spec['type'], spec['externalIPs'])) setDefault(spec, 'externalTrafficPolicy', 'Cluster');
    if (CLUSTER_IP_TYPES.includes(String(spec['type']))) {
      setDefault(spec, 'internalTrafficPolicy', 'Cluster');
      setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
      if (isUnset(spec['ipFamilies']) || (Array.isArray(spec['ipFamilies']) && spec['ipFamilies'].length === 0)) spec['ipFamilies'] = ['IPv4'];
      const clusterIp = spec['clusterIP'];
      if (typeof clusterIp === 'string' && clusterIp !== '' && isUnset(spec['clusterIPs'])) spec['clusterIPs'] = [clusterIp];
      const clusterIps = spec['clusterIPs'];
      if ((isUnset(clusterIp) || clusterIp === '') && Array.isArray(clusterIps) && typeof clusterIps[0] === 'string') spec['clusterIP'] = clusterIps[0];
    }
    if (spec['type'] === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  }

  protected override check(root: ObjectReader, old: ApiObject | undefined): void {
    const spec = root.struct('spec');
    if (old !== undefined) {
      const oldSpec = objectAt(old, 'spec') ?? {};
      const before = oldSpec['clusterIP'];
      const after = spec.string('clusterIP');
      if (!isExternalName(oldSpec) && !isExternalName(spec.fields) && typeof before === 'string' && before !== '' && after !== before) {
        spec.problems.invalid(spec.at('clusterIPs').index(0), after, 'may not change once set');
      }
    }
    checkServiceSpec(spec);
  }
}
