import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiObject } from '../../../api/object.js';
import { created, resource, tryCreate, tryUpdate } from './strategy-harness.js';

const services = resource('', 'v1', 'services');

function service(spec: Record<string, unknown>, name = 'web'): ApiObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec };
}

describe('service strategy', () => {
  it('fills in the defaults of a ClusterIP service and leaves the cluster IP alone', () => {
    const object = created(services, service({ selector: { app: 'web' }, ports: [{ port: 80, name: 'http' }, { name: 'https', port: 443, targetPort: 'https' }] }));
    const spec = object['spec'] as Record<string, unknown>;
    assert.equal(spec['type'], 'ClusterIP');
    assert.equal(spec['sessionAffinity'], 'None');
    assert.equal(spec['internalTrafficPolicy'], 'Cluster');
    assert.deepEqual(spec['ipFamilies'], ['IPv4']);
    assert.equal(spec['ipFamilyPolicy'], 'SingleStack');
    assert.equal(spec['clusterIP'], undefined);
    assert.equal(spec['externalTrafficPolicy'], undefined);
    assert.deepEqual(spec['ports'], [
      { port: 80, name: 'http', protocol: 'TCP', targetPort: 80 },
      { name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' },
    ]);
    assert.deepEqual(object.status, { loadBalancer: {} });
  });

  it('defaults the external traffic policy of NodePort and LoadBalancer services', () => {
    const spec = created(services, service({ type: 'LoadBalancer', ports: [{ port: 80 }] }))['spec'] as Record<string, unknown>;
    assert.equal(spec['externalTrafficPolicy'], 'Cluster');
    assert.equal(spec['allocateLoadBalancerNodePorts'], true);
  });

  it('gives ExternalName services no IP families', () => {
    const spec = created(services, service({ type: 'ExternalName', externalName: 'db.example.com' }))['spec'] as Record<string, unknown>;
    assert.equal(spec['ipFamilies'], undefined);
    assert.equal(spec['ipFamilyPolicy'], undefined);
  });

  it('lists every port and type problem', () => {
    const { errors } = tryCreate(services, service({ type: 'Balanced', selector: { 'a b': 'c' }, ports: [{ name: 'web', port: 0 }, { name: 'web', port: 80 }, { name: 'x', port: 81, protocol: 'HTTP' }, { name: 'y', port: 80 }] }));
    assert.deepEqual(errors, [
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[1].name: Duplicate value: "web"',
      'spec.ports[2].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      "spec.selector: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      'spec.type: Unsupported value: "Balanced": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
      'spec.ports[3]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ]);
  });

  it('requires ports unless the service is headless or ExternalName', () => {
    assert.deepEqual(tryCreate(services, service({})).errors, ['spec.ports: Required value']);
    assert.deepEqual(tryCreate(services, service({ clusterIP: 'None' })).errors, []);
    assert.deepEqual(tryCreate(services, service({ type: 'ExternalName' })).errors, ['spec.externalName: Required value']);
  });

  it('refuses a service name that is not a DNS-1035 label', () => {
    assert.match(tryCreate(services, service({ ports: [{ port: 80 }] }, '1web')).errors[0] ?? '', /^metadata\.name: Invalid value: "1web": a DNS-1035 label/);
  });

  it('keeps the allocated cluster IP and node ports when an update leaves them out', () => {
    const old = created(services, service({ type: 'NodePort', clusterIP: '10.43.0.12', ports: [{ port: 80, nodePort: 30080 }] }));
    const { object, errors } = tryUpdate(services, old, service({ type: 'NodePort', ports: [{ port: 80 }] }));
    assert.deepEqual(errors, []);
    const spec = object['spec'] as Record<string, unknown>;
    assert.equal(spec['clusterIP'], '10.43.0.12');
    assert.deepEqual(spec['clusterIPs'], ['10.43.0.12']);
    assert.equal((spec['ports'] as Record<string, unknown>[])[0]?.['nodePort'], 30080);
    const moved = tryUpdate(services, old, service({ type: 'NodePort', clusterIP: '10.43.0.13', ports: [{ port: 80 }] }));
    assert.deepEqual(moved.errors, ['spec.clusterIPs[0]: Invalid value: "10.43.0.13": may not change once set']);
  });
});
