import { cronJobController } from '../controllers/cronjob/cronjob-controller.js';
import { daemonSetController } from '../controllers/daemonset/daemon-set-controller.js';
import { deploymentController } from '../controllers/deployment/deployment-controller.js';
import { disruptionController } from '../controllers/disruption/disruption-controller.js';
import { endpointSliceController } from '../controllers/endpointslice/endpoint-slice-controller.js';
import { endpointsController } from '../controllers/endpoints/endpoints-controller.js';
import { garbageCollector } from '../controllers/garbagecollector/garbage-collector.js';
import { jobController } from '../controllers/job/job-controller.js';
import { namespaceController } from '../controllers/namespace/namespace-controller.js';
import { nodeIpamController } from '../controllers/nodeipam/node-ipam-controller.js';
import { nodeLifecycleController } from '../controllers/nodelifecycle/node-lifecycle-controller.js';
import { taintEvictionController } from '../controllers/nodelifecycle/taint-eviction-controller.js';
import { podGcController } from '../controllers/podgc/pod-gc-controller.js';
import { replicaSetController } from '../controllers/replicaset/replica-set-controller.js';
import { rootCaPublisher } from '../controllers/root-ca-publisher/root-ca-publisher.js';
import type { ControllerSpec } from '../controllers/runtime/controller-spec.js';
import { serviceAccountController } from '../controllers/serviceaccount/service-account-controller.js';
import { statefulSetController } from '../controllers/statefulset/stateful-set-controller.js';
import { ttlAfterFinishedController } from '../controllers/ttl-after-finished/ttl-after-finished-controller.js';

export interface ControllerSettings {
  /** The cluster CA, published to every namespace as ConfigMap kube-root-ca.crt. */
  readonly caCertPem: string;
  /** The pod network; every node gets a /24 of it. */
  readonly clusterCidr: string;
  /** How long a node may be silent before it is NotReady (upstream's --node-monitor-grace-period). */
  readonly nodeMonitorGracePeriodMs: number;
}

/** Every controller `tug server` runs. */
export function allControllers(settings: ControllerSettings): ControllerSpec[] {
  return [
    namespaceController,
    garbageCollector,
    serviceAccountController,
    rootCaPublisher(settings.caCertPem),
    deploymentController,
    replicaSetController,
    statefulSetController,
    daemonSetController,
    jobController(),
    cronJobController(),
    ttlAfterFinishedController(),
    endpointsController,
    endpointSliceController,
    nodeIpamController({ clusterCidr: settings.clusterCidr }),
    nodeLifecycleController({ nodeMonitorGracePeriodMs: settings.nodeMonitorGracePeriodMs }),
    taintEvictionController({ defaultTolerationSeconds: undefined }),
    disruptionController,
    podGcController,
  ];
}
