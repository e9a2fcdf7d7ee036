import type { ProtoSchema } from './proto-schema.js';

export const autoscalingV1: ProtoSchema = {
  package: 'autoscaling.v1',
  apiVersion: 'autoscaling/v1',
  kinds: ['Scale', 'HorizontalPodAutoscaler'],
  messages: `
    message Scale {
      optional .meta.v1.ObjectMeta metadata = 1;
      optional ScaleSpec spec = 2;
      optional ScaleStatus status = 3;
    }
    message ScaleSpec {
      optional int32 replicas = 1;
    }
    message ScaleStatus {
      optional int32 replicas = 1 [(keep) = true];
      optional string selector = 2;
    }

    message HorizontalPodAutoscaler {
      optional .meta.v1.ObjectMeta metadata = 1;
      optional HorizontalPodAutoscalerSpec spec = 2;
      optional HorizontalPodAutoscalerStatus status = 3;
    }
    message HorizontalPodAutoscalerSpec {
      optional CrossVersionObjectReference scaleTargetRef = 1;
      optional int32 minReplicas = 2 [(keep) = true];
      optional int32 maxReplicas = 3 [(keep) = true];
      optional int32 targetCPUUtilizationPercentage = 4 [(keep) = true];
    }
    message CrossVersionObjectReference {
      optional string kind = 1;
      optional string name = 2;
      optional string apiVersion = 3;
    }
    message HorizontalPodAutoscalerStatus {
      optional int64 observedGeneration = 1 [(keep) = true];
      optional .meta.v1.Time lastScaleTime = 2;
      optional int32 currentReplicas = 3 [(keep) = true];
      optional int32 desiredReplicas = 4 [(keep) = true];
      optional int32 currentCPUUtilizationPercentage = 5 [(keep) = true];
    }
  `,
};
