import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiObject } from '../../../api/object.js';
import { created, resource, tryCreate, tryUpdate } from './strategy-harness.js';

function object(apiVersion: string, kind: string, name: string, fields: Record<string, unknown>, namespace?: string): ApiObject {
  return { apiVersion, kind, metadata: { name, ...(namespace !== undefined && { namespace }) }, ...fields };
}

describe('ingress strategy', () => {
  const ingresses = resource('networking.k8s.io', 'v1', 'ingresses');
  const ingress = (spec: Record<string, unknown>) => object('networking.k8s.io/v1', 'Ingress', 'web', { spec }, 'default');

  it('needs rules or a default backend', () => {
    assert.deepEqual(tryCreate(ingresses, ingress({})).errors, ['spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified']);
  });

  it('checks hosts, path types, paths and service backends', () => {
    const { errors } = tryCreate(ingresses, ingress({
      rules: [
        { host: '10.0.0.1', http: { paths: [{ path: '/', backend: { service: { name: 'web', port: { number: 80 } } } }] } },
        { host: 'Web.Example.com', http: { paths: [{ path: 'app', pathType: 'Prefix', backend: { service: { name: 'web', port: {} } } }, { path: '/', pathType: 'Regex', backend: { service: { name: 'Web', port: { number: 80 } } } }] } },
      ],
    }));
    assert.deepEqual(errors, [
      'spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
      'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
      "spec.rules[1].host: Invalid value: \"Web.Example.com\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'spec.rules[1].http.paths[0].path: Invalid value: "app": must be an absolute path',
      'spec.rules[1].http.paths[0].backend: Required value: port name or number is required',
      'spec.rules[1].http.paths[1].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
      "spec.rules[1].http.paths[1].backend.service.name: Invalid value: \"Web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });
});

describe('pod disruption budget strategy', () => {
  const budgets = resource('policy', 'v1', 'poddisruptionbudgets');

  it('refuses minAvailable together with maxUnavailable, and bad percentages', () => {
    const { errors } = tryCreate(budgets, object('policy/v1', 'PodDisruptionBudget', 'web', { spec: { minAvailable: '150%', maxUnavailable: 'half' } }, 'default'));
    assert.equal(errors.length, 3);
    assert.match(errors[0] ?? '', /^spec: Invalid value: .*: minAvailable and maxUnavailable cannot be both set$/);
    assert.equal(errors[1], 'spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%');
    assert.match(errors[2] ?? '', /^spec\.maxUnavailable: Invalid value: intstr\.IntOrString\{Type:1, IntVal:0, StrVal:"half"\}: a valid percent string must be/);
  });
});

describe('rbac strategies', () => {
  const roles = resource('rbac.authorization.k8s.io', 'v1', 'roles');
  const bindings = resource('rbac.authorization.k8s.io', 'v1', 'rolebindings');
  const clusterBindings = resource('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings');

  it('requires verbs, api groups and resources in each rule', () => {
    const { errors } = tryCreate(roles, object('rbac.authorization.k8s.io/v1', 'Role', 'reader', { rules: [{ resources: ['pods'] }, { verbs: ['get'], nonResourceURLs: ['/healthz'] }] }, 'default'));
    assert.deepEqual(errors, [
      'rules[0].verbs: Required value: verbs must contain at least one value',
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
      'rules[1].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs',
    ]);
  });

  it('defaults api groups, checks subjects and keeps the roleRef fixed', () => {
    const binding = (name: string) => object('rbac.authorization.k8s.io/v1', 'RoleBinding', 'read', { roleRef: { kind: 'Role', name }, subjects: [{ kind: 'User', name: 'jane' }] }, 'default');
    const stored = created(bindings, binding('reader'));
    assert.deepEqual(stored['roleRef'], { kind: 'Role', name: 'reader', apiGroup: 'rbac.authorization.k8s.io' });
    assert.deepEqual(stored['subjects'], [{ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' }]);
    assert.deepEqual(tryUpdate(bindings, stored, binding('writer')).errors, [
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"writer"}: cannot change roleRef',
    ]);
    const { errors } = tryCreate(clusterBindings, object('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'read', { roleRef: { kind: 'Role', name: 'x' }, subjects: [{ kind: 'ServiceAccount', name: 'robot' }, { kind: 'Robot', name: 'r' }] }));
    assert.deepEqual(errors, [
      'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
      'subjects[0].namespace: Required value',
      'subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
    ]);
  });
});

describe('autoscaler strategy', () => {
  const autoscalers = resource('autoscaling', 'v2', 'horizontalpodautoscalers');

  it('defaults one replica and a CPU utilization target of 80%', () => {
    const spec = created(autoscalers, object('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', { spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5 } }, 'default'))['spec'] as Record<string, unknown>;
    assert.equal(spec['minReplicas'], 1);
    assert.deepEqual(spec['metrics'], [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
  });

  it('checks the replica bounds and the scale target', () => {
    const { errors } = tryCreate(autoscalers, object('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', { spec: { scaleTargetRef: { kind: 'Deployment' }, minReplicas: 3, maxReplicas: 2 } }, 'default'));
    assert.deepEqual(errors, ['spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`', 'spec.scaleTargetRef.name: Required value']);
  });
});

describe('lease, event and endpoint slice strategies', () => {
  it('needs a positive lease duration', () => {
    const leases = resource('coordination.k8s.io', 'v1', 'leases');
    assert.deepEqual(tryCreate(leases, object('coordination.k8s.io/v1', 'Lease', 'node-1', { spec: { leaseDurationSeconds: 0 } }, 'kube-node-lease')).errors, [
      'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
    ]);
  });

  it('checks that a core event is about an object in its namespace', () => {
    const events = resource('', 'v1', 'events');
    const event = (namespace: string) => object('v1', 'Event', 'web.1', { involvedObject: { kind: 'Pod', name: 'web', namespace }, reason: 'Started' }, 'default');
    assert.deepEqual(tryCreate(events, event('default')).errors, []);
    assert.deepEqual(tryCreate(events, event('other')).errors, ['involvedObject.namespace: Invalid value: "other": does not match event.namespace']);
  });

  it('holds events.k8s.io events to the strict rules', () => {
    const events = resource('events.k8s.io', 'v1', 'events');
    const { errors } = tryCreate(events, object('events.k8s.io/v1', 'Event', 'web.1', { regarding: { kind: 'Pod', name: 'web', namespace: 'default' }, type: 'Odd' }, 'default'));
    assert.deepEqual(errors, ['eventTime: Required value', 'type: Invalid value: "": has invalid value: Odd']);
  });

  it('checks endpoint slice address types and addresses', () => {
    const slices = resource('discovery.k8s.io', 'v1', 'endpointslices');
    const { errors } = tryCreate(slices, object('discovery.k8s.io/v1', 'EndpointSlice', 'web-1', { addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.300'] }, { addresses: [] }], ports: [{ port: 80 }] }, 'default'));
    assert.deepEqual(errors, ['endpoints[0].addresses[0]: Invalid value: "10.0.0.300": must be a valid IPv4 address', 'endpoints[1].addresses: Required value: must contain at least 1 address']);
    assert.deepEqual(tryCreate(slices, object('discovery.k8s.io/v1', 'EndpointSlice', 'web-1', { addressType: 'IP' }, 'default')).errors, [
      'addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"',
    ]);
  });
});
