import type { ProtoSchema } from './proto-schema.js';

/**
 * PersistentVolume. Of its volume sources (inline in the spec, as in Go) we define
 * those a node of ours can mount or hand on: hostPath, local, nfs and csi; the
 * cloud and legacy in-tree sources are not defined, so their wire fields are skipped.
 */
export const coreV1PersistentVolume: ProtoSchema = {
  package: 'core.v1',
  apiVersion: 'v1',
  kinds: ['PersistentVolume'],
  messages: `
    message PersistentVolume {
      optional .meta.v1.ObjectMeta metadata = 1;
      optional PersistentVolumeSpec spec = 2;
      optional PersistentVolumeStatus status = 3;
    }
    message PersistentVolumeSpec {
      map<string, .resource.Quantity> capacity = 1;
      optional PersistentVolumeSource persistentVolumeSource = 2 [(inline) = true];
      repeated string accessModes = 3;
      optional ObjectReference claimRef = 4;
      optional string persistentVolumeReclaimPolicy = 5;
      optional string storageClassName = 6;
      repeated string mountOptions = 7;
      optional string volumeMode = 8 [(keep) = true];
      optional VolumeNodeAffinity nodeAffinity = 9;
      optional string volumeAttributesClassName = 10 [(keep) = true];
    }
    message PersistentVolumeSource {
      optional HostPathVolumeSource hostPath = 3;
      optional NFSVolumeSource nfs = 5;
      optional LocalVolumeSource local = 20;
      optional CSIPersistentVolumeSource csi = 22;
    }
    message LocalVolumeSource {
      optional string path = 1 [(keep) = true];
      optional string fsType = 2 [(keep) = true];
    }
    message CSIPersistentVolumeSource {
      optional string driver = 1 [(keep) = true];
      optional string volumeHandle = 2 [(keep) = true];
      optional bool readOnly = 3;
      optional string fsType = 4;
      map<string, string> volumeAttributes = 5;
      optional SecretReference controllerPublishSecretRef = 6;
      optional SecretReference nodeStageSecretRef = 7;
      optional SecretReference nodePublishSecretRef = 8;
      optional SecretReference controllerExpandSecretRef = 9;
      optional SecretReference nodeExpandSecretRef = 10;
    }
    message SecretReference {
      optional string name = 1;
      optional string namespace = 2;
    }
    message VolumeNodeAffinity {
      optional NodeSelector required = 1;
    }
    message PersistentVolumeStatus {
      optional string phase = 1;
      optional string message = 2;
      optional string reason = 3;
      optional .meta.v1.Time lastPhaseTransitionTime = 4;
    }
  `,
};
