import type { ProtoSchema } from './proto-schema.js';

/** core/v1 pod placement: affinity, tolerations and topology spread. */
export const coreV1Scheduling: ProtoSchema = {
  package: 'core.v1',
  kinds: [],
  messages: `
    message Affinity {
      optional NodeAffinity nodeAffinity = 1;
      optional PodAffinity podAffinity = 2;
      optional PodAntiAffinity podAntiAffinity = 3;
    }
    message NodeAffinity {
      optional NodeSelector requiredDuringSchedulingIgnoredDuringExecution = 1;
      repeated PreferredSchedulingTerm preferredDuringSchedulingIgnoredDuringExecution = 2;
    }
    message NodeSelector {
      repeated NodeSelectorTerm nodeSelectorTerms = 1;
    }
    message NodeSelectorTerm {
      repeated NodeSelectorRequirement matchExpressions = 1;
      repeated NodeSelectorRequirement matchFields = 2;
    }
    message NodeSelectorRequirement {
      optional string key = 1;
      optional string operator = 2;
      repeated string values = 3;
    }
    message PreferredSchedulingTerm {
      optional int32 weight = 1 [(keep) = true];
      optional NodeSelectorTerm preference = 2;
    }
    message PodAffinity {
      repeated PodAffinityTerm requiredDuringSchedulingIgnoredDuringExecution = 1;
      repeated WeightedPodAffinityTerm preferredDuringSchedulingIgnoredDuringExecution = 2;
    }
    message PodAntiAffinity {
      repeated PodAffinityTerm requiredDuringSchedulingIgnoredDuringExecution = 1;
      repeated WeightedPodAffinityTerm preferredDuringSchedulingIgnoredDuringExecution = 2;
    }
    message PodAffinityTerm {
      optional .meta.v1.LabelSelector labelSelector = 1;
      repeated string namespaces = 2;
      optional string topologyKey = 3;
      optional .meta.v1.LabelSelector namespaceSelector = 4;
      repeated string matchLabelKeys = 5;
      repeated string mismatchLabelKeys = 6;
    }
    message WeightedPodAffinityTerm {
      optional int32 weight = 1 [(keep) = true];
      optional PodAffinityTerm podAffinityTerm = 2;
    }

    message Toleration {
      optional string key = 1;
      optional string operator = 2;
      optional string value = 3;
      optional string effect = 4;
      optional int64 tolerationSeconds = 5 [(keep) = true];
    }
    message TopologySpreadConstraint {
      optional int32 maxSkew = 1 [(keep) = true];
      optional string topologyKey = 2;
      optional string whenUnsatisfiable = 3;
      optional .meta.v1.LabelSelector labelSelector = 4;
      optional int32 minDomains = 5 [(keep) = true];
      optional string nodeAffinityPolicy = 6 [(keep) = true];
      optional string nodeTaintsPolicy = 7 [(keep) = true];
      repeated string matchLabelKeys = 8;
    }
  `,
};
