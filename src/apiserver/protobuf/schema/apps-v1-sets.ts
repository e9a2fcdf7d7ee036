import type { ProtoSchema } from './proto-schema.js';

/** apps/v1 kinds besides Deployment: the set controllers' objects and their revisions. */
export const appsV1Sets: ProtoSchema = {
  package: 'apps.v1',
  apiVersion: 'apps/v1',
  kinds: ['StatefulSet', 'DaemonSet', 'ReplicaSet', 'ControllerRevision'],
  messages: `
    message StatefulSet {
      optional .meta.v1.ObjectMeta metadata = 1;
      optional StatefulSetSpec spec = 2;
      optional StatefulSetStatus status = 3;
    }
    message StatefulSetSpec {
      optional int32 replicas = 1 [(keep) = true];
      optional .meta.v1.LabelSelector selector = 2;
      optional .core.v1.PodTemplateSpec template = 3;
      repeated .core.v1.PersistentVolumeClaim volumeClaimTemplates = 4;
      optional string serviceName = 5;
      optional string podManagementPolicy = 6;
      optional StatefulSetUpdateStrategy updateStrategy = 7;
      optional int32 revisionHistoryLimit = 8 [(keep) = true];
      optional int32 minReadySeconds = 9;
      optional StatefulSetPersistentVolumeClaimRetentionPolicy persistentVolumeClaimRetentionPolicy = 10;
      optional StatefulSetOrdinals ordinals = 11;
    }
    message StatefulSetUpdateStrategy {
      optional string type = 1;
      optional RollingUpdateStatefulSetStrategy rollingUpdate = 2;
    }
    message RollingUpdateStatefulSetStrategy {
      optional int32 partition = 1 [(keep) = true];
      optional .intstr.IntOrString maxUnavailable = 2;
    }
    message StatefulSetPersistentVolumeClaimRetentionPolicy {
      optional string whenDeleted = 1;
      optional string whenScaled = 2;
    }
    message StatefulSetOrdinals {
      optional int32 start = 1 [(keep) = true];
    }
    message StatefulSetStatus {
      optional int64 observedGeneration = 1;
      optional int32 replicas = 2 [(keep) = true];
      optional int32 readyReplicas = 3;
      optional int32 currentReplicas = 4;
      optional int32 updatedReplicas = 5;
      optional string currentRevision = 6;
      optional string updateRevision = 7;
      optional int32 collisionCount = 9 [(keep) = true];
      repeated SetCondition conditions = 10;
      optional int32 availableReplicas = 11 [(keep) = true];
    }
    // StatefulSet, DaemonSet and ReplicaSet conditions share one wire shape.
    message SetCondition {
      optional string type = 1;
      optional string status = 2;
      optional .meta.v1.Time lastTransitionTime = 3;
      optional string reason = 4;
      optional string message = 5;
    }

    message DaemonSet {
      optional .meta.v1.ObjectMeta metadata = 1;
      optional DaemonSetSpec spec = 2;
      optional DaemonSetStatus status = 3;
    }
    message DaemonSetSpec {
      optional .meta.v1.LabelSelector selector = 1;
      optional .core.v1.PodTemplateSpec template = 2;
      optional DaemonSetUpdateStrategy updateStrategy = 3;
      optional int32 minReadySeconds = 4;
      optional int32 revisionHistoryLimit = 6 [(keep) = true];
    }
    message DaemonSetUpdateStrategy {
      optional string type = 1;
      optional RollingUpdateDaemonSet rollingUpdate = 2;
    }
    message RollingUpdateDaemonSet {
      optional .intstr.IntOrString maxUnavailable = 1;
      optional .intstr.IntOrString maxSurge = 2;
    }
    message DaemonSetStatus {
      optional int32 currentNumberScheduled = 1 [(keep) = true];
      optional int32 numberMisscheduled = 2 [(keep) = true];
      optional int32 desiredNumberScheduled = 3 [(keep) = true];
      optional int32 numberReady = 4 [(keep) = true];
      optional int64 observedGeneration = 5;
      optional int32 updatedNumberScheduled = 6;
      optional int32 numberAvailable = 7;
      optional int32 numberUnavailable = 8;
      optional int32 collisionCount = 9 [(keep) = true];
      repeated SetCondition conditions = 10;
    }

    message ReplicaSet {
      optional .meta.v1.ObjectMeta metadata = 1;
      optional ReplicaSetSpec spec = 2;
      optional ReplicaSetStatus status = 3;
    }
    message ReplicaSetSpec {
      optional int32 replicas = 1 [(keep) = true];
      optional .meta.v1.LabelSelector selector = 2;
      optional .core.v1.PodTemplateSpec template = 3;
      optional int32 minReadySeconds = 4;
    }
    message ReplicaSetStatus {
      optional int32 replicas = 1 [(keep) = true];
      optional int32 fullyLabeledReplicas = 2;
      optional int64 observedGeneration = 3;
      optional int32 readyReplicas = 4;
      optional int32 availableReplicas = 5;
      repeated SetCondition conditions = 6;
      optional int32 terminatingReplicas = 7 [(keep) = true];
    }

    message ControllerRevision {
      optional .meta.v1.ObjectMeta metadata = 1;
      optional .runtime.RawExtension data = 2;
      optional int64 revision = 3 [(keep) = true];
    }
  `,
};
