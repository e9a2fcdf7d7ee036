import type { ProtoSchema } from './proto-schema.js';

/** core/v1 Event, Endpoints and LimitRange: objects that record or constrain the cluster's state. */
export const coreV1ClusterState: ProtoSchema = {
  package: 'core.v1',
  apiVersion: 'v1',
  kinds: ['Event', 'Endpoints', 'LimitRange'],
  messages: `
    message Event {
      optional .meta.v1.ObjectMeta metadata = 1;
      optional ObjectReference involvedObject = 2;
      optional string reason = 3;
      optional string message = 4;
      optional EventSource source = 5;
      optional .meta.v1.Time firstTimestamp = 6;
      optional .meta.v1.Time lastTimestamp = 7;
      optional int32 count = 8;
      optional string type = 9;
      optional .meta.v1.MicroTime eventTime = 10;
      optional EventSeries series = 11;
      optional string action = 12;
      optional ObjectReference related = 13;
      optional string reportingComponent = 14 [(keep) = true];
      optional string reportingInstance = 15 [(keep) = true];
    }
    message EventSource {
      optional string component = 1;
      optional string host = 2;
    }
    message EventSeries {
      optional int32 count = 1;
      optional .meta.v1.MicroTime lastObservedTime = 2;
    }

    message Endpoints {
      optional .meta.v1.ObjectMeta metadata = 1;
      repeated EndpointSubset subsets = 2;
    }
    message EndpointSubset {
      repeated EndpointAddress addresses = 1;
      repeated EndpointAddress notReadyAddresses = 2;
      repeated EndpointPort ports = 3;
    }
    message EndpointAddress {
      optional string ip = 1 [(keep) = true];
      optional string hostname = 3;
      optional string nodeName = 4 [(keep) = true];
      optional ObjectReference targetRef = 2;
    }
    message EndpointPort {
      optional string name = 1;
      optional int32 port = 2 [(keep) = true];
      optional string protocol = 3;
      optional string appProtocol = 4 [(keep) = true];
    }

    message LimitRange {
      optional .meta.v1.ObjectMeta metadata = 1;
      optional LimitRangeSpec spec = 2;
    }
    message LimitRangeSpec {
      repeated LimitRangeItem limits = 1;
    }
    message LimitRangeItem {
      optional string type = 1 [(keep) = true];
      map<string, .resource.Quantity> max = 2;
      map<string, .resource.Quantity> min = 3;
      map<string, .resource.Quantity> default = 4;
      map<string, .resource.Quantity> defaultRequest = 5;
      map<string, .resource.Quantity> maxLimitRequestRatio = 6;
    }
  `,
};
