import type { ProtoSchema } from './proto-schema.js';

/** k8s.io/apimachinery: the envelope, the value types with their own JSON form, and meta/v1. */
export const apimachinerySchemas: readonly ProtoSchema[] = [
  {
    package: 'runtime',
    kinds: [],
    messages: `
      message TypeMeta {
        optional string apiVersion = 1;
        optional string kind = 2;
      }
      message Unknown {
        optional TypeMeta typeMeta = 1;
        optional bytes raw = 2;
        optional string contentEncoding = 3;
        optional string contentType = 4;
      }
      message RawExtension {
        optional bytes raw = 1;
      }
    `,
  },
  {
    package: 'resource',
    kinds: [],
    messages: `
      message Quantity {
        optional string string = 1;
      }
    `,
  },
  {
    package: 'intstr',
    kinds: [],
    messages: `
      message IntOrString {
        optional int64 type = 1;
        optional int32 intVal = 2;
        optional string strVal = 3;
      }
    `,
  },
  {
    package: 'meta.v1',
    apiVersion: 'meta.k8s.io/v1',
    kinds: ['DeleteOptions'],
    messages: `
      message Time {
        optional int64 seconds = 1;
        optional int32 nanos = 2;
      }
      message MicroTime {
        optional int64 seconds = 1;
        optional int32 nanos = 2;
      }
      message FieldsV1 {
        optional bytes Raw = 1;
      }
      message ObjectMeta {
        optional string name = 1;
        optional string generateName = 2;
        optional string namespace = 3;
        optional string selfLink = 4;
        optional string uid = 5;
        optional string resourceVersion = 6;
        optional int64 generation = 7;
        optional Time creationTimestamp = 8;
        optional Time deletionTimestamp = 9;
        optional int64 deletionGracePeriodSeconds = 10 [(keep) = true];
        map<string, string> labels = 11;
        map<string, string> annotations = 12;
        repeated OwnerReference ownerReferences = 13;
        repeated string finalizers = 14;
        repeated ManagedFieldsEntry managedFields = 17;
      }
      message OwnerReference {
        optional string apiVersion = 5;
        optional string kind = 1;
        optional string name = 3;
        optional string uid = 4;
        optional bool controller = 6 [(keep) = true];
        optional bool blockOwnerDeletion = 7 [(keep) = true];
      }
      message ManagedFieldsEntry {
        optional string manager = 1;
        optional string operation = 2;
        optional string apiVersion = 3;
        optional Time time = 4;
        optional string fieldsType = 6;
        optional FieldsV1 fieldsV1 = 7;
        optional string subresource = 8;
      }
      message LabelSelector {
        map<string, string> matchLabels = 1;
        repeated LabelSelectorRequirement matchExpressions = 2;
      }
      message LabelSelectorRequirement {
        optional string key = 1;
        optional string operator = 2;
        repeated string values = 3;
      }
      message Condition {
        optional string type = 1;
        optional string status = 2;
        optional int64 observedGeneration = 3;
        optional Time lastTransitionTime = 4;
        optional string reason = 5;
        optional string message = 6;
      }
      message Preconditions {
        optional string uid = 1 [(keep) = true];
        optional string resourceVersion = 2 [(keep) = true];
      }
      message DeleteOptions {
        optional int64 gracePeriodSeconds = 1 [(keep) = true];
        optional Preconditions preconditions = 2;
        optional bool orphanDependents = 3 [(keep) = true];
        optional string propagationPolicy = 4 [(keep) = true];
        repeated string dryRun = 5;
        optional bool ignoreStoreReadErrorWithClusterBreakingPotential = 6 [(keep) = true];
      }
    `,
  },
];
