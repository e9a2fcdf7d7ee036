import type { ProtoSchema } from './proto-schema.js';

/** authentication.k8s.io/v1 TokenRequest, the body of `kubectl create token`. */
export const authenticationV1: ProtoSchema = {
  package: 'authentication.v1',
  apiVersion: 'authentication.k8s.io/v1',
  kinds: ['TokenRequest'],
  messages: `
    message TokenRequest {
      optional .meta.v1.ObjectMeta metadata = 1;
      optional TokenRequestSpec spec = 2;
      optional TokenRequestStatus status = 3;
    }
    message TokenRequestSpec {
      repeated string audiences = 1;
      optional int64 expirationSeconds = 4 [(keep) = true];
      optional BoundObjectReference boundObjectRef = 3;
    }
    message BoundObjectReference {
      optional string kind = 1;
      optional string apiVersion = 2;
      optional string name = 3;
      optional string uID = 4 [json_name = "uid"];
    }
    message TokenRequestStatus {
      optional string token = 1;
      optional .meta.v1.Time expirationTimestamp = 2;
    }
  `,
};
