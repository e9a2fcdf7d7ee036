import type { ProtoSchema } from './proto-schema.js';

export const schedulingV1: ProtoSchema = {
  package: 'scheduling.v1',
  apiVersion: 'scheduling.k8s.io/v1',
  kinds: ['PriorityClass'],
  messages: `
    message PriorityClass {
      optional .meta.v1.ObjectMeta metadata = 1;
      optional int32 value = 2 [(keep) = true];
      optional bool globalDefault = 3;
      optional string description = 4;
      optional string preemptionPolicy = 5 [(keep) = true];
    }
  `,
};
