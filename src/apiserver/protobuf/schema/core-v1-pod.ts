import type { ProtoSchema } from './proto-schema.js';

/** core/v1 Pod, PodTemplate and the pod spec; containers, volumes and scheduling are in their own files. */
export const coreV1Pod: ProtoSchema = {
  package: 'core.v1',
  apiVersion: 'v1',
  kinds: ['Pod', 'PodTemplate'],
  messages: `
    message Pod {
      optional .meta.v1.ObjectMeta metadata = 1;
      optional PodSpec spec = 2;
      optional PodStatus status = 3;
    }
    message PodTemplate {
      optional .meta.v1.ObjectMeta metadata = 1;
      optional PodTemplateSpec template = 2;
    }
    message PodTemplateSpec {
      optional .meta.v1.ObjectMeta metadata = 1;
      optional PodSpec spec = 2;
    }

    message PodSpec {
      repeated Volume volumes = 1;
      repeated Container initContainers = 20;
      repeated Container containers = 2;
      repeated EphemeralContainer ephemeralContainers = 34;
      optional string restartPolicy = 3;
      optional int64 terminationGracePeriodSeconds = 4 [(keep) = true];
      optional int64 activeDeadlineSeconds = 5 [(keep) = true];
      optional string dnsPolicy = 6;
      map<string, string> nodeSelector = 7;
      optional string serviceAccountName = 8;
      optional string serviceAccount = 9;
      optional bool automountServiceAccountToken = 21 [(keep) = true];
      optional string nodeName = 10;
      optional bool hostNetwork = 11;
      optional bool hostPID = 12;
      optional bool hostIPC = 13;
      optional bool shareProcessNamespace = 27 [(keep) = true];
      optional PodSecurityContext securityContext = 14;
      repeated LocalObjectReference imagePullSecrets = 15;
      optional string hostname = 16;
      optional string subdomain = 17;
      optional Affinity affinity = 18;
      optional string schedulerName = 19;
      repeated Toleration tolerations = 22;
      repeated HostAlias hostAliases = 23;
      optional string priorityClassName = 24;
      optional int32 priority = 25 [(keep) = true];
      optional PodDNSConfig dnsConfig = 26;
      repeated PodReadinessGate readinessGates = 28;
      optional string runtimeClassName = 29 [(keep) = true];
      optional bool enableServiceLinks = 30 [(keep) = true];
      optional string preemptionPolicy = 31 [(keep) = true];
      map<string, .resource.Quantity> overhead = 32;
      repeated TopologySpreadConstraint topologySpreadConstraints = 33;
      optional bool setHostnameAsFQDN = 35 [(keep) = true];
      optional PodOS os = 36;
      optional bool hostUsers = 37 [(keep) = true];
      repeated PodSchedulingGate schedulingGates = 38;
      repeated PodResourceClaim resourceClaims = 39;
      optional ResourceRequirements resources = 40;
    }

    message PodSecurityContext {
      optional SELinuxOptions seLinuxOptions = 1;
      optional WindowsSecurityContextOptions windowsOptions = 8;
      optional int64 runAsUser = 2 [(keep) = true];
      optional int64 runAsGroup = 6 [(keep) = true];
      optional bool runAsNonRoot = 3 [(keep) = true];
      repeated int64 supplementalGroups = 4;
      optional string supplementalGroupsPolicy = 12 [(keep) = true];
      optional int64 fsGroup = 5 [(keep) = true];
      repeated Sysctl sysctls = 7;
      optional string fsGroupChangePolicy = 9 [(keep) = true];
      optional SeccompProfile seccompProfile = 10;
      optional AppArmorProfile appArmorProfile = 11;
      optional string seLinuxChangePolicy = 13 [(keep) = true];
    }
    message SELinuxOptions {
      optional string user = 1;
      optional string role = 2;
      optional string type = 3;
      optional string level = 4;
    }
    message WindowsSecurityContextOptions {
      optional string gmsaCredentialSpecName = 1 [(keep) = true];
      optional string gmsaCredentialSpec = 2 [(keep) = true];
      optional string runAsUserName = 3 [(keep) = true];
      optional bool hostProcess = 4 [(keep) = true];
    }
    message Sysctl {
      optional string name = 1;
      optional string value = 2;
    }
    message SeccompProfile {
      optional string type = 1;
      optional string localhostProfile = 2 [(keep) = true];
    }
    message AppArmorProfile {
      optional string type = 1;
      optional string localhostProfile = 2 [(keep) = true];
    }

    message HostAlias {
      optional string ip = 1;
      repeated string hostnames = 2;
    }
    message PodDNSConfig {
      repeated string nameservers = 1;
      repeated string searches = 2;
      repeated PodDNSConfigOption options = 3;
    }
    message PodDNSConfigOption {
      optional string name = 1;
      optional string value = 2 [(keep) = true];
    }
    message PodReadinessGate {
      optional string conditionType = 1;
    }
    message PodOS {
      optional string name = 1;
    }
    message PodSchedulingGate {
      optional string name = 1;
    }
    message PodResourceClaim {
      optional string name = 1;
      optional string resourceClaimName = 3 [(keep) = true];
      optional string resourceClaimTemplateName = 4 [(keep) = true];
    }
  `,
};
