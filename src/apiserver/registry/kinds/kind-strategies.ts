import type { ResourceInfo } from '../../../api/resources.js';
import type { ResourceStrategy } from '../resource-strategy.js';
import { ConfigMapStrategy } from './config-map-strategy.js';
import { CronJobStrategy } from './cron-job-strategy.js';
import { DaemonSetStrategy } from './daemon-set-strategy.js';
import { DeploymentStrategy } from './deployment-strategy.js';
import { EndpointSliceStrategy } from './endpoint-slice-strategy.js';
import { EventStrategy } from './event-strategy.js';
import { HorizontalPodAutoscalerStrategy } from './hpa-strategy.js';
import { IngressStrategy } from './ingress-strategy.js';
import { JobStrategy } from './job-strategy.js';
import { LeaseStrategy } from './lease-strategy.js';
import { LimitRangeStrategy } from './limit-range-strategy.js';
import { NamespaceStrategy } from './namespace-strategy.js';
import { NodeStrategy } from './node-strategy.js';
import { PodDisruptionBudgetStrategy } from './pdb-strategy.js';
import { PodStrategy } from './pod-strategy.js';
import { PersistentVolumeClaimStrategy } from './pvc-strategy.js';
import { RoleBindingStrategy, RoleStrategy } from './rbac-strategies.js';
import { ReplicaSetStrategy } from './replica-set-strategy.js';
import { ResourceQuotaStrategy } from './resource-quota-strategy.js';
import { SecretStrategy } from './secret-strategy.js';
import { ServiceStrategy } from './service-strategy.js';
import { StatefulSetStrategy } from './stateful-set-strategy.js';
import { StorageClassStrategy } from './storage-class-strategy.js';

type StrategyClass = new (info: ResourceInfo) => ResourceStrategy;

/** The strategy class of each `group/resource` with rules of its own. */
const KIND_STRATEGIES: Readonly<Record<string, StrategyClass>> = {
  '/pods': PodStrategy,
  '/services': ServiceStrategy,
  '/configmaps': ConfigMapStrategy,
  '/secrets': SecretStrategy,
  '/namespaces': NamespaceStrategy,
  '/nodes': NodeStrategy,
  '/events': EventStrategy,
  '/persistentvolumeclaims': PersistentVolumeClaimStrategy,
  '/resourcequotas': ResourceQuotaStrategy,
  '/limitranges': LimitRangeStrategy,
  'apps/deployments': DeploymentStrategy,
  'apps/replicasets': ReplicaSetStrategy,
  'apps/statefulsets': StatefulSetStrategy,
  'apps/daemonsets': DaemonSetStrategy,
  'batch/jobs': JobStrategy,
  'batch/cronjobs': CronJobStrategy,
  'coordination.k8s.io/leases': LeaseStrategy,
  'discovery.k8s.io/endpointslices': EndpointSliceStrategy,
  'events.k8s.io/events': EventStrategy,
  'networking.k8s.io/ingresses': IngressStrategy,
  'autoscaling/horizontalpodautoscalers': HorizontalPodAutoscalerStrategy,
  'policy/poddisruptionbudgets': PodDisruptionBudgetStrategy,
  'storage.k8s.io/storageclasses': StorageClassStrategy,
  'rbac.authorization.k8s.io/roles': RoleStrategy,
  'rbac.authorization.k8s.io/clusterroles': RoleStrategy,
  'rbac.authorization.k8s.io/rolebindings': RoleBindingStrategy,
  'rbac.authorization.k8s.io/clusterrolebindings': RoleBindingStrategy,
};

/** The kind-specific strategy of a resource, or undefined when the default one serves it. */
export function kindStrategyFor(info: ResourceInfo): ResourceStrategy | undefined {
  const Strategy = KIND_STRATEGIES[`${info.group}/${info.resource}`];
  return Strategy === undefined ? undefined : new Strategy(info);
}
