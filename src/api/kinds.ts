import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IControllerRevision } from 'kubernetes-models/apps/v1/ControllerRevision';
import type { ICronJob } from 'kubernetes-models/batch/v1/CronJob';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { ILease } from 'kubernetes-models/coordination.k8s.io/v1/Lease';
import type { IEndpointSlice } from 'kubernetes-models/discovery.k8s.io/v1/EndpointSlice';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IEndpoints } from 'kubernetes-models/v1/Endpoints';
import type { IEvent } from 'kubernetes-models/v1/Event';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { INode } from 'kubernetes-models/v1/Node';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { ObjectMeta } from './object.js';

/**
 * A typed kind as stored: the generated field types of kubernetes-models with our
 * ObjectMeta (always present on objects read from the API), assignable to ApiObject.
 */
export type Stored<T extends { metadata?: unknown }> = Omit<T, 'metadata'> & { metadata: ObjectMeta };

export type Pod = Stored<IPod>;
export type Node = Stored<INode>;
export type Namespace = Stored<INamespace>;
export type Service = Stored<IService>;
// eslint-disable-next-line @typescript-eslint/no-deprecated -- core/v1 Endpoints is still served, and its controller maintains it.
export type Endpoints = Stored<IEndpoints>;
export type EndpointSlice = Stored<IEndpointSlice>;
export type ConfigMap = Stored<IConfigMap>;
export type Secret = Stored<ISecret>;
export type ServiceAccount = Stored<IServiceAccount>;
export type PersistentVolumeClaim = Stored<IPersistentVolumeClaim>;
export type CoreEvent = Stored<IEvent>;
export type ReplicaSet = Stored<IReplicaSet>;
export type Deployment = Stored<IDeployment>;
export type StatefulSet = Stored<IStatefulSet>;
export type DaemonSet = Stored<IDaemonSet>;
export type ControllerRevision = Stored<IControllerRevision>;
export type Job = Stored<IJob>;
export type CronJob = Stored<ICronJob>;
export type Lease = Stored<ILease>;
export type PodDisruptionBudget = Stored<IPodDisruptionBudget>;
