import type { ProtoSchema } from './proto-schema.js';

export const policyV1: ProtoSchema = {
  package: 'policy.v1',
  apiVersion: 'policy/v1',
  kinds: ['Eviction', 'PodDisruptionBudget'],
  messages: `
    message Eviction {
      optional .meta.v1.ObjectMeta metadata = 1;
      optional .meta.v1.DeleteOptions deleteOptions = 2;
    }
    message PodDisruptionBudget {
      optional .meta.v1.ObjectMeta metadata = 1;
      optional PodDisruptionBudgetSpec spec = 2;
      optional PodDisruptionBudgetStatus status = 3;
    }
    message PodDisruptionBudgetSpec {
      optional .intstr.IntOrString minAvailable = 1;
      optional .meta.v1.LabelSelector selector = 2;
      optional .intstr.IntOrString maxUnavailable = 3;
      optional string unhealthyPodEvictionPolicy = 4 [(keep) = true];
    }
    message PodDisruptionBudgetStatus {
      optional int64 observedGeneration = 1;
      map<string, .meta.v1.Time> disruptedPods = 2;
      optional int32 disruptionsAllowed = 3 [(keep) = true];
      optional int32 currentHealthy = 4 [(keep) = true];
      optional int32 desiredHealthy = 5 [(keep) = true];
      optional int32 expectedPods = 6 [(keep) = true];
      repeated .meta.v1.Condition conditions = 7;
    }
  `,
};
