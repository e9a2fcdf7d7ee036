import assert from 'node:assert/strict';
import { it } from 'node:test';
import { kubernetesSchema } from './kubernetes-schema.js';

it('the schema defines the kinds kubectl and client-go send as protobuf', () => {
  const kinds = kubernetesSchema().kinds();
  for (const kind of [
    'v1 ConfigMap',
    'v1 Secret',
    'v1 Namespace',
    'v1 ServiceAccount',
    'v1 Service',
    'v1 ResourceQuota',
    'v1 Pod',
    'apps/v1 Deployment',
    'apps/v1 StatefulSet',
    'apps/v1 DaemonSet',
    'apps/v1 ReplicaSet',
    'apps/v1 ControllerRevision',
    'v1 PersistentVolumeClaim',
    'v1 PersistentVolume',
    'v1 Node',
    'v1 Event',
    'v1 Endpoints',
    'v1 LimitRange',
    'batch/v1 Job',
    'batch/v1 CronJob',
    'rbac.authorization.k8s.io/v1 Role',
    'rbac.authorization.k8s.io/v1 RoleBinding',
    'rbac.authorization.k8s.io/v1 ClusterRole',
    'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
    'policy/v1 Eviction',
    'policy/v1 PodDisruptionBudget',
    'autoscaling/v1 Scale',
    'autoscaling/v1 HorizontalPodAutoscaler',
    'scheduling.k8s.io/v1 PriorityClass',
    'networking.k8s.io/v1 Ingress',
    'authentication.k8s.io/v1 TokenRequest',
    'meta.k8s.io/v1 DeleteOptions',
  ]) {
    assert.ok(kinds.includes(kind), `${kind} is defined`);
  }
});

it('the schema answers nothing for a kind it does not define', () => {
  assert.equal(kubernetesSchema().messageOf('v1', 'ComponentStatus'), undefined);
  assert.equal(kubernetesSchema().messageOf('v1', 'ObjectMeta'), undefined);
});

it('the schema is parsed once and shared', () => {
  assert.equal(kubernetesSchema(), kubernetesSchema());
});
