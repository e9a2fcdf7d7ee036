import type { ProtoSchema } from './proto-schema.js';

/** core/v1 containers: ports, environment, resources, mounts, probes, lifecycle, security. */
export const coreV1Container: ProtoSchema = {
  package: 'core.v1',
  kinds: [],
  messages: `
    message Container {
      optional string name = 1;
      optional string image = 2;
      repeated string command = 3;
      repeated string args = 4;
      optional string workingDir = 5;
      repeated ContainerPort ports = 6;
      repeated EnvFromSource envFrom = 19;
      repeated EnvVar env = 7;
      optional ResourceRequirements resources = 8;
      repeated ContainerResizePolicy resizePolicy = 23;
      optional string restartPolicy = 24 [(keep) = true];
      repeated VolumeMount volumeMounts = 9;
      repeated VolumeDevice volumeDevices = 21;
      optional Probe livenessProbe = 10;
      optional Probe readinessProbe = 11;
      optional Probe startupProbe = 22;
      optional Lifecycle lifecycle = 12;
      optional string terminationMessagePath = 13;
      optional string terminationMessagePolicy = 20;
      optional string imagePullPolicy = 14;
      optional SecurityContext securityContext = 15;
      optional bool stdin = 16;
      optional bool stdinOnce = 17;
      optional bool tty = 18;
    }
    // Upstream's EphemeralContainerCommon has the fields and numbers of Container.
    message EphemeralContainer {
      optional Container ephemeralContainerCommon = 1 [(inline) = true];
      optional string targetContainerName = 2;
    }

    message ContainerPort {
      optional string name = 1;
      optional int32 hostPort = 2;
      optional int32 containerPort = 3 [(keep) = true];
      optional string protocol = 4;
      optional string hostIP = 5;
    }

    message EnvFromSource {
      optional string prefix = 1;
      optional ConfigMapEnvSource configMapRef = 2;
      optional SecretEnvSource secretRef = 3;
    }
    message ConfigMapEnvSource {
      optional LocalObjectReference localObjectReference = 1 [(inline) = true];
      optional bool optional = 2 [(keep) = true];
    }
    message SecretEnvSource {
      optional LocalObjectReference localObjectReference = 1 [(inline) = true];
      optional bool optional = 2 [(keep) = true];
    }
    message EnvVar {
      optional string name = 1;
      optional string value = 2;
      optional EnvVarSource valueFrom = 3;
    }
    message EnvVarSource {
      optional ObjectFieldSelector fieldRef = 1;
      optional ResourceFieldSelector resourceFieldRef = 2;
      optional ConfigMapKeySelector configMapKeyRef = 3;
      optional SecretKeySelector secretKeyRef = 4;
    }
    message ObjectFieldSelector {
      optional string apiVersion = 1;
      optional string fieldPath = 2;
    }
    message ResourceFieldSelector {
      optional string containerName = 1;
      optional string resource = 2;
      optional .resource.Quantity divisor = 3;
    }
    message ConfigMapKeySelector {
      optional LocalObjectReference localObjectReference = 1 [(inline) = true];
      optional string key = 2;
      optional bool optional = 3 [(keep) = true];
    }
    message SecretKeySelector {
      optional LocalObjectReference localObjectReference = 1 [(inline) = true];
      optional string key = 2;
      optional bool optional = 3 [(keep) = true];
    }

    message ResourceRequirements {
      map<string, .resource.Quantity> limits = 1;
      map<string, .resource.Quantity> requests = 2;
      repeated ResourceClaim claims = 3;
    }
    message ResourceClaim {
      optional string name = 1;
      optional string request = 2;
    }
    message ContainerResizePolicy {
      optional string resourceName = 1;
      optional string restartPolicy = 2;
    }
    message VolumeMount {
      optional string name = 1;
      optional bool readOnly = 2;
      optional string recursiveReadOnly = 7 [(keep) = true];
      optional string mountPath = 3;
      optional string subPath = 4;
      optional string mountPropagation = 5 [(keep) = true];
      optional string subPathExpr = 6;
    }
    message VolumeDevice {
      optional string name = 1;
      optional string devicePath = 2;
    }

    message Probe {
      optional ProbeHandler handler = 1 [(inline) = true];
      optional int32 initialDelaySeconds = 2;
      optional int32 timeoutSeconds = 3;
      optional int32 periodSeconds = 4;
      optional int32 successThreshold = 5;
      optional int32 failureThreshold = 6;
      optional int64 terminationGracePeriodSeconds = 7 [(keep) = true];
    }
    message ProbeHandler {
      optional ExecAction exec = 1;
      optional HTTPGetAction httpGet = 2;
      optional TCPSocketAction tcpSocket = 3;
      optional GRPCAction grpc = 4;
    }
    message ExecAction {
      repeated string command = 1;
    }
    message HTTPGetAction {
      optional string path = 1;
      optional .intstr.IntOrString port = 2;
      optional string host = 3;
      optional string scheme = 4;
      repeated HTTPHeader httpHeaders = 5;
    }
    message HTTPHeader {
      optional string name = 1;
      optional string value = 2;
    }
    message TCPSocketAction {
      optional .intstr.IntOrString port = 1;
      optional string host = 2;
    }
    message GRPCAction {
      optional int32 port = 1 [(keep) = true];
      optional string service = 2 [(keep) = true];
    }
    message Lifecycle {
      optional LifecycleHandler postStart = 1;
      optional LifecycleHandler preStop = 2;
    }
    message LifecycleHandler {
      optional ExecAction exec = 1;
      optional HTTPGetAction httpGet = 2;
      optional TCPSocketAction tcpSocket = 3;
      optional SleepAction sleep = 4;
    }
    message SleepAction {
      optional int64 seconds = 1 [(keep) = true];
    }

    message SecurityContext {
      optional Capabilities capabilities = 1;
      optional bool privileged = 2 [(keep) = true];
      optional SELinuxOptions seLinuxOptions = 3;
      optional WindowsSecurityContextOptions windowsOptions = 10;
      optional int64 runAsUser = 4 [(keep) = true];
      optional int64 runAsGroup = 8 [(keep) = true];
      optional bool runAsNonRoot = 5 [(keep) = true];
      optional bool readOnlyRootFilesystem = 6 [(keep) = true];
      optional bool allowPrivilegeEscalation = 7 [(keep) = true];
      optional string procMount = 9 [(keep) = true];
      optional SeccompProfile seccompProfile = 11;
      optional AppArmorProfile appArmorProfile = 12;
    }
    message Capabilities {
      repeated string add = 1;
      repeated string drop = 2;
    }
  `,
};
