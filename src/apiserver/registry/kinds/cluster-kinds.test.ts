import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiObject } from '../../../api/object.js';
import { created, resource, tryCreate, tryUpdate } from './strategy-harness.js';

function object(apiVersion: string, kind: string, name: string, fields: Record<string, unknown>, namespace?: string): ApiObject {
  return { apiVersion, kind, metadata: { name, ...(namespace !== undefined && { namespace }) }, ...fields };
}

describe('namespace strategy', () => {
  const namespaces = resource('', 'v1', 'namespaces');

  it('adds the kubernetes finalizer, the name label and the Active phase', () => {
    const stored = created(namespaces, object('v1', 'Namespace', 'team-a', {}));
    assert.deepEqual(stored['spec'], { finalizers: ['kubernetes'] });
    assert.deepEqual(stored.status, { phase: 'Active' });
    assert.equal(stored.metadata.labels?.['kubernetes.io/metadata.name'], 'team-a');
  });

  it('refuses a finalizer that is neither standard nor qualified', () => {
    const { errors } = tryCreate(namespaces, object('v1', 'Namespace', 'team-a', { spec: { finalizers: ['cleanup'] } }));
    assert.deepEqual(errors, ['spec.finalizers: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified']);
  });
});

describe('node strategy', () => {
  const nodes = resource('', 'v1', 'nodes');

  it('keeps the status a node registers with and defaults allocatable to capacity', () => {
    const stored = created(nodes, object('v1', 'Node', 'node-1', { spec: { podCIDR: '10.42.0.0/24' }, status: { capacity: { cpu: 4, memory: '8192Mi' } } }));
    assert.deepEqual(stored['spec'], { podCIDR: '10.42.0.0/24', podCIDRs: ['10.42.0.0/24'] });
    assert.deepEqual(stored.status, { capacity: { cpu: '4', memory: '8Gi' }, allocatable: { cpu: '4', memory: '8Gi' } });
  });

  it('checks taints and keeps the pod CIDR once set', () => {
    const { errors } = tryCreate(nodes, object('v1', 'Node', 'node-1', { spec: { taints: [{ key: 'gpu', effect: 'Sometimes' }, { key: 'x', value: 'y' }] } }));
    assert.deepEqual(errors, [
      'spec.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      'spec.taints[1].effect: Required value',
    ]);
    const old = created(nodes, object('v1', 'Node', 'node-1', { spec: { podCIDR: '10.42.0.0/24' } }));
    assert.deepEqual(tryUpdate(nodes, old, object('v1', 'Node', 'node-1', { spec: { podCIDR: '10.42.1.0/24', podCIDRs: ['10.42.1.0/24'] } })).errors, [
      'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
    ]);
  });
});

describe('persistent volume claim strategy', () => {
  const claims = resource('', 'v1', 'persistentvolumeclaims');
  const spec = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1024Mi' } } };

  it('defaults the volume mode and a Pending phase', () => {
    const stored = created(claims, object('v1', 'PersistentVolumeClaim', 'data', { spec }, 'default'));
    assert.deepEqual(stored['spec'], { ...spec, resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' });
    assert.deepEqual(stored.status, { phase: 'Pending' });
  });

  it('requires access modes and a storage request', () => {
    const { errors } = tryCreate(claims, object('v1', 'PersistentVolumeClaim', 'data', { spec: { accessModes: ['ReadWriteSometimes'] } }, 'default'));
    assert.deepEqual(errors, [
      'spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
      'spec.resources[storage]: Required value',
    ]);
    assert.deepEqual(tryCreate(claims, object('v1', 'PersistentVolumeClaim', 'data', { spec: { resources: { requests: { storage: '1Gi' } } } }, 'default')).errors, [
      'spec.accessModes: Required value: at least 1 access mode is required',
    ]);
  });

  it('refuses spec changes after creation', () => {
    const old = created(claims, object('v1', 'PersistentVolumeClaim', 'data', { spec }, 'default'));
    const { errors } = tryUpdate(claims, old, object('v1', 'PersistentVolumeClaim', 'data', { spec: { ...spec, accessModes: ['ReadWriteMany'] } }, 'default'));
    assert.match(errors[0] ?? '', /^spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n/);
  });
});

describe('storage class strategy', () => {
  const classes = resource('storage.k8s.io', 'v1', 'storageclasses');

  it('defaults the reclaim policy and binding mode and requires a provisioner', () => {
    const stored = created(classes, object('storage.k8s.io/v1', 'StorageClass', 'fast', { provisioner: 'tugboat.io/local' }));
    assert.deepEqual([stored['reclaimPolicy'], stored['volumeBindingMode']], ['Delete', 'Immediate']);
    assert.deepEqual(tryCreate(classes, object('storage.k8s.io/v1', 'StorageClass', 'fast', { reclaimPolicy: 'Recycle' })).errors, [
      'provisioner: Required value',
      'reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"',
    ]);
  });

  it('refuses changes to the provisioner and parameters', () => {
    const old = created(classes, object('storage.k8s.io/v1', 'StorageClass', 'fast', { provisioner: 'a.io/x' }));
    assert.deepEqual(tryUpdate(classes, old, object('storage.k8s.io/v1', 'StorageClass', 'fast', { provisioner: 'b.io/x', parameters: { a: 'b' } })).errors, [
      'parameters: Forbidden: updates to parameters are forbidden.',
      'provisioner: Forbidden: updates to provisioner are forbidden.',
    ]);
  });
});

describe('limit range and resource quota strategies', () => {
  const limitRanges = resource('', 'v1', 'limitranges');
  const quotas = resource('', 'v1', 'resourcequotas');

  it('defaults container limits from max and requests from limits', () => {
    const stored = created(limitRanges, object('v1', 'LimitRange', 'limits', { spec: { limits: [{ type: 'Container', max: { cpu: 2 }, min: { memory: '64Mi' } }] } }, 'default'));
    const [item] = (stored['spec'] as Record<string, Record<string, unknown>[]>)['limits'] ?? [];
    assert.deepEqual(item, { type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' }, default: { cpu: '2' }, defaultRequest: { memory: '64Mi', cpu: '2' } });
  });

  it('checks limit types and that min is not above max', () => {
    const { errors } = tryCreate(limitRanges, object('v1', 'LimitRange', 'limits', { spec: { limits: [{ type: 'Box' }, { type: 'Pod', min: { cpu: '2' }, max: { cpu: '1' } }] } }, 'default'));
    assert.deepEqual(errors, [
      'spec.limits[0].type: Invalid value: "Box": must be a standard limit type or fully qualified',
      'spec.limits[1].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1',
    ]);
  });

  it('checks quota resource names and quantities', () => {
    const { errors } = tryCreate(quotas, object('v1', 'ResourceQuota', 'quota', { spec: { hard: { pods: '1.5', cpus: '4', memory: 'lots' } } }, 'default'));
    assert.deepEqual(errors, [
      'spec.hard[pods]: Invalid value: "1500m": must be an integer',
      'spec.hard[cpus]: Invalid value: "cpus": must be a standard resource type or fully qualified',
      'spec.hard[cpus]: Invalid value: "cpus": must be a standard resource for quota',
      "spec.hard[memory]: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ]);
  });
});
