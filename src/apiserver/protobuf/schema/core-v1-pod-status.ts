import type { ProtoSchema } from './proto-schema.js';

/** core/v1 PodStatus, as the kubelet reports it. */
export const coreV1PodStatus: ProtoSchema = {
  package: 'core.v1',
  kinds: [],
  messages: `
    message PodStatus {
      optional string phase = 1;
      repeated PodCondition conditions = 2;
      optional string message = 3;
      optional string reason = 4;
      optional string nominatedNodeName = 11;
      optional string hostIP = 5;
      repeated HostIP hostIPs = 16;
      optional string podIP = 6;
      repeated PodIP podIPs = 12;
      optional .meta.v1.Time startTime = 7;
      repeated ContainerStatus initContainerStatuses = 10;
      repeated ContainerStatus containerStatuses = 8;
      optional string qosClass = 9;
      repeated ContainerStatus ephemeralContainerStatuses = 13;
      optional string resize = 14;
      repeated PodResourceClaimStatus resourceClaimStatuses = 15;
    }
    message PodCondition {
      optional string type = 1;
      optional string status = 2;
      optional .meta.v1.Time lastProbeTime = 3;
      optional .meta.v1.Time lastTransitionTime = 4;
      optional string reason = 5;
      optional string message = 6;
    }
    message HostIP {
      optional string ip = 1;
    }
    message PodIP {
      optional string ip = 1;
    }
    message PodResourceClaimStatus {
      optional string name = 1;
      optional string resourceClaimName = 2 [(keep) = true];
    }

    message ContainerStatus {
      optional string name = 1;
      optional ContainerState state = 2;
      optional ContainerState lastState = 3;
      optional bool ready = 4 [(keep) = true];
      optional int32 restartCount = 5 [(keep) = true];
      optional string image = 6;
      optional string imageID = 7;
      optional string containerID = 8;
      optional bool started = 9 [(keep) = true];
      map<string, .resource.Quantity> allocatedResources = 10;
      optional ResourceRequirements resources = 11;
      repeated VolumeMountStatus volumeMounts = 12;
      optional ContainerUser user = 13;
      repeated ResourceStatus allocatedResourcesStatus = 14;
    }
    message ContainerState {
      optional ContainerStateWaiting waiting = 1;
      optional ContainerStateRunning running = 2;
      optional ContainerStateTerminated terminated = 3;
    }
    message ContainerStateWaiting {
      optional string reason = 1;
      optional string message = 2;
    }
    message ContainerStateRunning {
      optional .meta.v1.Time startedAt = 1;
    }
    message ContainerStateTerminated {
      optional int32 exitCode = 1 [(keep) = true];
      optional int32 signal = 2;
      optional string reason = 3;
      optional string message = 4;
      optional .meta.v1.Time startedAt = 5;
      optional .meta.v1.Time finishedAt = 6;
      optional string containerID = 7;
    }
    message VolumeMountStatus {
      optional string name = 1;
      optional string mountPath = 2;
      optional bool readOnly = 3;
      optional string recursiveReadOnly = 4 [(keep) = true];
    }
    message ContainerUser {
      optional LinuxContainerUser linux = 1;
    }
    message LinuxContainerUser {
      optional int64 uid = 1 [(keep) = true];
      optional int64 gid = 2 [(keep) = true];
      repeated int64 supplementalGroups = 3;
    }
    message ResourceStatus {
      optional string name = 1;
      repeated ResourceHealth resources = 2;
    }
    message ResourceHealth {
      optional string resourceID = 1;
      optional string health = 2;
    }
  `,
};
