import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiObject } from '../../../api/object.js';
import { TEMPLATE_GENERATION_ANNOTATION } from './daemon-set-strategy.js';
import { created, resource, tryCreate, tryUpdate } from './strategy-harness.js';

const replicaSets = resource('apps', 'v1', 'replicasets');
const statefulSets = resource('apps', 'v1', 'statefulsets');
const daemonSets = resource('apps', 'v1', 'daemonsets');

function workload(kind: string, spec: Record<string, unknown>, name = 'web'): ApiObject {
  return { apiVersion: 'apps/v1', kind, metadata: { name, namespace: 'default' }, spec };
}

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };
const valid = { selector: { matchLabels: { app: 'web' } }, template };

describe('replica set strategy', () => {
  it('defaults replicas and refuses a missing selector and a deadline', () => {
    assert.equal((created(replicaSets, workload('ReplicaSet', valid))['spec'] as Record<string, unknown>)['replicas'], 1);
    const { errors } = tryCreate(replicaSets, workload('ReplicaSet', { template: { ...template, spec: { ...template.spec, activeDeadlineSeconds: 5 } } }));
    assert.deepEqual(errors, [
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
    ]);
  });
});

describe('stateful set strategy', () => {
  it('fills in the upstream defaults, also of volume claim templates', () => {
    const claim = { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    const spec = created(statefulSets, workload('StatefulSet', { ...valid, volumeClaimTemplates: [claim] }))['spec'] as Record<string, unknown>;
    assert.equal(spec['podManagementPolicy'], 'OrderedReady');
    assert.deepEqual(spec['updateStrategy'], { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    assert.deepEqual(spec['persistentVolumeClaimRetentionPolicy'], { whenDeleted: 'Retain', whenScaled: 'Retain' });
    assert.equal(spec['revisionHistoryLimit'], 10);
    assert.equal(spec['replicas'], 1);
    const [stored] = spec['volumeClaimTemplates'] as Record<string, unknown>[];
    assert.deepEqual(stored, { ...claim, apiVersion: 'v1', kind: 'PersistentVolumeClaim', spec: { ...claim.spec, volumeMode: 'Filesystem' }, status: { phase: 'Pending' } });
  });

  it('lets containers mount volume claim templates', () => {
    const mounted = { ...template, spec: { containers: [{ name: 'web', image: 'nginx', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] } };
    const claim = { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    assert.deepEqual(tryCreate(statefulSets, workload('StatefulSet', { ...valid, template: mounted, volumeClaimTemplates: [claim] })).errors, []);
  });

  it('names pods after DNS labels, so its own name must be one', () => {
    const { errors } = tryCreate(statefulSets, workload('StatefulSet', valid, 'web.v1'));
    assert.deepEqual(errors, ['metadata.name: Invalid value: "web.v1": must not contain dots']);
  });

  it('refuses updates to fields other than replicas, template and the update strategies', () => {
    const old = created(statefulSets, workload('StatefulSet', valid));
    assert.deepEqual(tryUpdate(statefulSets, old, workload('StatefulSet', { ...valid, replicas: 5 })).errors, []);
    const { errors } = tryUpdate(statefulSets, old, workload('StatefulSet', { ...valid, serviceName: 'other' }));
    assert.deepEqual(errors, [
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });
});

describe('daemon set strategy', () => {
  it('defaults a rolling update of one pod at a time and records the template generation', () => {
    const object = created(daemonSets, workload('DaemonSet', valid));
    const spec = object['spec'] as Record<string, unknown>;
    assert.deepEqual(spec['updateStrategy'], { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    assert.equal(spec['revisionHistoryLimit'], 10);
    assert.equal(object.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION], '1');
    const changed = tryUpdate(daemonSets, object, workload('DaemonSet', { ...valid, template: { ...template, spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } }));
    assert.deepEqual(changed.errors, []);
    assert.equal(changed.object.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION], '2');
  });

  it('needs a selector that matches the template and only one of maxSurge and maxUnavailable', () => {
    const { errors } = tryCreate(daemonSets, workload('DaemonSet', { template, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } }));
    assert.deepEqual(errors, [
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero',
    ]);
  });
});
