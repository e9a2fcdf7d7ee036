import type { ProtoSchema } from './proto-schema.js';

/** PersistentVolumeClaim, a kind of its own and the element of a StatefulSet's volumeClaimTemplates. */
export const coreV1Claims: ProtoSchema = {
  package: 'core.v1',
  apiVersion: 'v1',
  kinds: ['PersistentVolumeClaim'],
  messages: `
    message PersistentVolumeClaim {
      optional .meta.v1.ObjectMeta metadata = 1;
      optional PersistentVolumeClaimSpec spec = 2;
      optional PersistentVolumeClaimStatus status = 3;
    }
    message PersistentVolumeClaimStatus {
      optional string phase = 1;
      repeated string accessModes = 2;
      map<string, .resource.Quantity> capacity = 3;
      repeated PersistentVolumeClaimCondition conditions = 4;
      map<string, .resource.Quantity> allocatedResources = 5;
      map<string, string> allocatedResourceStatuses = 7;
      optional string currentVolumeAttributesClassName = 8 [(keep) = true];
      optional ModifyVolumeStatus modifyVolumeStatus = 9;
    }
    message PersistentVolumeClaimCondition {
      optional string type = 1;
      optional string status = 2;
      optional .meta.v1.Time lastProbeTime = 3;
      optional .meta.v1.Time lastTransitionTime = 4;
      optional string reason = 5;
      optional string message = 6;
    }
    message ModifyVolumeStatus {
      optional string targetVolumeAttributesClassName = 1;
      optional string status = 2 [(keep) = true];
    }
  `,
};
