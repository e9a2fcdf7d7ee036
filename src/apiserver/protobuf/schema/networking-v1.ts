import type { ProtoSchema } from './proto-schema.js';

export const networkingV1: ProtoSchema = {
  package: 'networking.v1',
  apiVersion: 'networking.k8s.io/v1',
  kinds: ['Ingress'],
  messages: `
    message Ingress {
      optional .meta.v1.ObjectMeta metadata = 1;
      optional IngressSpec spec = 2;
      optional IngressStatus status = 3;
    }
    message IngressSpec {
      optional string ingressClassName = 4 [(keep) = true];
      optional IngressBackend defaultBackend = 1;
      repeated IngressTLS tls = 2;
      repeated IngressRule rules = 3;
    }
    message IngressBackend {
      optional IngressServiceBackend service = 4;
      optional .core.v1.TypedLocalObjectReference resource = 3;
    }
    message IngressServiceBackend {
      optional string name = 1;
      optional ServiceBackendPort port = 2;
    }
    message ServiceBackendPort {
      optional string name = 1;
      optional int32 number = 2;
    }
    message IngressTLS {
      repeated string hosts = 1;
      optional string secretName = 2;
    }
    message IngressRule {
      optional string host = 1;
      optional IngressRuleValue ingressRuleValue = 2 [(inline) = true];
    }
    message IngressRuleValue {
      optional HTTPIngressRuleValue http = 1;
    }
    message HTTPIngressRuleValue {
      repeated HTTPIngressPath paths = 1;
    }
    message HTTPIngressPath {
      optional string path = 1;
      optional string pathType = 3 [(keep) = true];
      optional IngressBackend backend = 2;
    }

    message IngressStatus {
      optional IngressLoadBalancerStatus loadBalancer = 1;
    }
    message IngressLoadBalancerStatus {
      repeated IngressLoadBalancerIngress ingress = 1;
    }
    message IngressLoadBalancerIngress {
      optional string ip = 1;
      optional string hostname = 2;
      repeated IngressPortStatus ports = 4;
    }
    message IngressPortStatus {
      optional int32 port = 1 [(keep) = true];
      optional string protocol = 2;
      optional string error = 3 [(keep) = true];
    }
  `,
};
