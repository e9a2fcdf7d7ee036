import type { ProtoSchema } from './proto-schema.js';

/** Node: what `kubectl create -f` of a node and the kubelet's registration send. */
export const coreV1Node: ProtoSchema = {
  package: 'core.v1',
  apiVersion: 'v1',
  kinds: ['Node'],
  messages: `
    message Node {
      optional .meta.v1.ObjectMeta metadata = 1;
      optional NodeSpec spec = 2;
      optional NodeStatus status = 3;
    }
    message NodeSpec {
      optional string podCIDR = 1;
      repeated string podCIDRs = 7;
      optional string providerID = 3;
      optional bool unschedulable = 4;
      repeated Taint taints = 5;
      optional NodeConfigSource configSource = 6;
      optional string externalID = 2;
    }
    message Taint {
      optional string key = 1 [(keep) = true];
      optional string value = 2;
      optional string effect = 3 [(keep) = true];
      optional .meta.v1.Time timeAdded = 4;
    }
    message NodeConfigSource {
      optional ConfigMapNodeConfigSource configMap = 2;
    }
    message ConfigMapNodeConfigSource {
      optional string namespace = 1 [(keep) = true];
      optional string name = 2 [(keep) = true];
      optional string uid = 3;
      optional string resourceVersion = 4;
      optional string kubeletConfigKey = 5 [(keep) = true];
    }
    message NodeStatus {
      map<string, .resource.Quantity> capacity = 1;
      map<string, .resource.Quantity> allocatable = 2;
      optional string phase = 3;
      repeated NodeCondition conditions = 4;
      repeated NodeAddress addresses = 5;
      optional NodeDaemonEndpoints daemonEndpoints = 6;
      optional NodeSystemInfo nodeInfo = 7;
      repeated ContainerImage images = 8;
      repeated string volumesInUse = 9;
      repeated AttachedVolume volumesAttached = 10;
      optional NodeConfigStatus config = 11;
      repeated NodeRuntimeHandler runtimeHandlers = 12;
      optional NodeFeatures features = 13;
    }
    message NodeCondition {
      optional string type = 1 [(keep) = true];
      optional string status = 2 [(keep) = true];
      optional .meta.v1.Time lastHeartbeatTime = 3;
      optional .meta.v1.Time lastTransitionTime = 4;
      optional string reason = 5;
      optional string message = 6;
    }
    message NodeAddress {
      optional string type = 1 [(keep) = true];
      optional string address = 2 [(keep) = true];
    }
    message NodeDaemonEndpoints {
      optional DaemonEndpoint kubeletEndpoint = 1;
    }
    message DaemonEndpoint {
      optional int32 Port = 1 [(keep) = true];
    }
    message NodeSystemInfo {
      optional string machineID = 1 [(keep) = true];
      optional string systemUUID = 2 [(keep) = true];
      optional string bootID = 3 [(keep) = true];
      optional string kernelVersion = 4 [(keep) = true];
      optional string osImage = 5 [(keep) = true];
      optional string containerRuntimeVersion = 6 [(keep) = true];
      optional string kubeletVersion = 7 [(keep) = true];
      optional string kubeProxyVersion = 8 [(keep) = true];
      optional string operatingSystem = 9 [(keep) = true];
      optional string architecture = 10 [(keep) = true];
      optional NodeSwapStatus swap = 11;
    }
    message NodeSwapStatus {
      optional int64 capacity = 1 [(keep) = true];
    }
    message ContainerImage {
      repeated string names = 1;
      optional int64 sizeBytes = 2;
    }
    message AttachedVolume {
      optional string name = 1 [(keep) = true];
      optional string devicePath = 2 [(keep) = true];
    }
    message NodeConfigStatus {
      optional NodeConfigSource assigned = 1;
      optional NodeConfigSource active = 2;
      optional NodeConfigSource lastKnownGood = 3;
      optional string error = 4;
    }
    message NodeRuntimeHandler {
      optional string name = 1 [(keep) = true];
      optional NodeRuntimeHandlerFeatures features = 2;
    }
    message NodeRuntimeHandlerFeatures {
      optional bool recursiveReadOnlyMounts = 1 [(keep) = true];
      optional bool userNamespaces = 2 [(keep) = true];
    }
    message NodeFeatures {
      optional bool supplementalGroupsPolicy = 1 [(keep) = true];
    }
  `,
};
