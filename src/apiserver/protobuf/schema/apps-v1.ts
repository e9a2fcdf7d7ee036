import type { ProtoSchema } from './proto-schema.js';

export const appsV1: ProtoSchema = {
  package: 'apps.v1',
  apiVersion: 'apps/v1',
  kinds: ['Deployment'],
  messages: `
    message Deployment {
      optional .meta.v1.ObjectMeta metadata = 1;
      optional DeploymentSpec spec = 2;
      optional DeploymentStatus status = 3;
    }
    message DeploymentSpec {
      optional int32 replicas = 1 [(keep) = true];
      optional .meta.v1.LabelSelector selector = 2;
      optional .core.v1.PodTemplateSpec template = 3;
      optional DeploymentStrategy strategy = 4;
      optional int32 minReadySeconds = 5;
      optional int32 revisionHistoryLimit = 6 [(keep) = true];
      optional bool paused = 7;
      optional int32 progressDeadlineSeconds = 9 [(keep) = true];
    }
    message DeploymentStrategy {
      optional string type = 1;
      optional RollingUpdateDeployment rollingUpdate = 2;
    }
    message RollingUpdateDeployment {
      optional .intstr.IntOrString maxUnavailable = 1;
      optional .intstr.IntOrString maxSurge = 2;
    }
    message DeploymentStatus {
      optional int64 observedGeneration = 1;
      optional int32 replicas = 2;
      optional int32 updatedReplicas = 3;
      optional int32 readyReplicas = 7;
      optional int32 availableReplicas = 4;
      optional int32 unavailableReplicas = 5;
      repeated DeploymentCondition conditions = 6;
      optional int32 collisionCount = 8 [(keep) = true];
    }
    message DeploymentCondition {
      optional string type = 1;
      optional string status = 2;
      optional .meta.v1.Time lastUpdateTime = 6;
      optional .meta.v1.Time lastTransitionTime = 7;
      optional string reason = 4;
      optional string message = 5;
    }
  `,
};
