import type { ProtoSchema } from './proto-schema.js';

/**
 * core/v1 pod volumes. Only the sources a node of ours can provide are defined;
 * cloud and legacy in-tree sources (gcePersistentDisk, rbd, ...) are skipped as
 * unknown fields, which leaves the volume without a source for validation to reject.
 */
export const coreV1Volumes: ProtoSchema = {
  package: 'core.v1',
  kinds: [],
  messages: `
    message Volume {
      optional string name = 1;
      optional VolumeSource volumeSource = 2 [(inline) = true];
    }
    message VolumeSource {
      optional HostPathVolumeSource hostPath = 1;
      optional EmptyDirVolumeSource emptyDir = 2;
      optional SecretVolumeSource secret = 6;
      optional NFSVolumeSource nfs = 7;
      optional PersistentVolumeClaimVolumeSource persistentVolumeClaim = 10;
      optional DownwardAPIVolumeSource downwardAPI = 16;
      optional ConfigMapVolumeSource configMap = 19;
      optional ProjectedVolumeSource projected = 26;
      optional CSIVolumeSource csi = 28;
      optional EphemeralVolumeSource ephemeral = 29;
      optional ImageVolumeSource image = 30;
    }

    message HostPathVolumeSource {
      optional string path = 1;
      optional string type = 2 [(keep) = true];
    }
    message EmptyDirVolumeSource {
      optional string medium = 1;
      optional .resource.Quantity sizeLimit = 2;
    }
    message SecretVolumeSource {
      optional string secretName = 1;
      repeated KeyToPath items = 2;
      optional int32 defaultMode = 3 [(keep) = true];
      optional bool optional = 4 [(keep) = true];
    }
    message KeyToPath {
      optional string key = 1;
      optional string path = 2;
      optional int32 mode = 3 [(keep) = true];
    }
    message NFSVolumeSource {
      optional string server = 1;
      optional string path = 2;
      optional bool readOnly = 3;
    }
    message PersistentVolumeClaimVolumeSource {
      optional string claimName = 1;
      optional bool readOnly = 2;
    }
    message DownwardAPIVolumeSource {
      repeated DownwardAPIVolumeFile items = 1;
      optional int32 defaultMode = 2 [(keep) = true];
    }
    message DownwardAPIVolumeFile {
      optional string path = 1;
      optional ObjectFieldSelector fieldRef = 2;
      optional ResourceFieldSelector resourceFieldRef = 3;
      optional int32 mode = 4 [(keep) = true];
    }
    message ConfigMapVolumeSource {
      optional LocalObjectReference localObjectReference = 1 [(inline) = true];
      repeated KeyToPath items = 2;
      optional int32 defaultMode = 3 [(keep) = true];
      optional bool optional = 4 [(keep) = true];
    }

    message ProjectedVolumeSource {
      repeated VolumeProjection sources = 1;
      optional int32 defaultMode = 2 [(keep) = true];
    }
    message VolumeProjection {
      optional SecretProjection secret = 1;
      optional DownwardAPIProjection downwardAPI = 2;
      optional ConfigMapProjection configMap = 3;
      optional ServiceAccountTokenProjection serviceAccountToken = 4;
      optional ClusterTrustBundleProjection clusterTrustBundle = 5;
    }
    message SecretProjection {
      optional LocalObjectReference localObjectReference = 1 [(inline) = true];
      repeated KeyToPath items = 2;
      optional bool optional = 4 [(keep) = true];
    }
    message DownwardAPIProjection {
      repeated DownwardAPIVolumeFile items = 1;
    }
    message ConfigMapProjection {
      optional LocalObjectReference localObjectReference = 1 [(inline) = true];
      repeated KeyToPath items = 2;
      optional bool optional = 4 [(keep) = true];
    }
    message ServiceAccountTokenProjection {
      optional string audience = 1;
      optional int64 expirationSeconds = 2 [(keep) = true];
      optional string path = 3;
    }
    message ClusterTrustBundleProjection {
      optional string name = 1 [(keep) = true];
      optional string signerName = 2 [(keep) = true];
      optional .meta.v1.LabelSelector labelSelector = 3;
      optional bool optional = 5 [(keep) = true];
      optional string path = 4;
    }

    message CSIVolumeSource {
      optional string driver = 1;
      optional bool readOnly = 2 [(keep) = true];
      optional string fsType = 3 [(keep) = true];
      map<string, string> volumeAttributes = 4;
      optional LocalObjectReference nodePublishSecretRef = 5;
    }
    message EphemeralVolumeSource {
      optional PersistentVolumeClaimTemplate volumeClaimTemplate = 1;
    }
    message PersistentVolumeClaimTemplate {
      optional .meta.v1.ObjectMeta metadata = 1;
      optional PersistentVolumeClaimSpec spec = 2;
    }
    message PersistentVolumeClaimSpec {
      repeated string accessModes = 1;
      optional .meta.v1.LabelSelector selector = 4;
      optional VolumeResourceRequirements resources = 2;
      optional string volumeName = 3;
      optional string storageClassName = 5 [(keep) = true];
      optional string volumeMode = 6 [(keep) = true];
      optional TypedLocalObjectReference dataSource = 7;
      optional TypedObjectReference dataSourceRef = 8;
      optional string volumeAttributesClassName = 9 [(keep) = true];
    }
    message VolumeResourceRequirements {
      map<string, .resource.Quantity> limits = 1;
      map<string, .resource.Quantity> requests = 2;
    }
    message TypedLocalObjectReference {
      optional string apiGroup = 1 [(keep) = true];
      optional string kind = 2;
      optional string name = 3;
    }
    message TypedObjectReference {
      optional string apiGroup = 1 [(keep) = true];
      optional string kind = 2;
      optional string name = 3;
      optional string namespace = 4 [(keep) = true];
    }
    message ImageVolumeSource {
      optional string reference = 1;
      optional string pullPolicy = 2;
    }
  `,
};
