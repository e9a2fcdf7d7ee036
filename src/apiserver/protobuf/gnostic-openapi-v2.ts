/**
 * The part of gnostic's `openapi.v2` protobuf messages (the wire form of a Swagger
 * 2.0 document that Kubernetes serves on `/openapi/v2` and kubectl reads) that a
 * Kubernetes document uses. Field numbers follow gnostic's `OpenAPIv2.proto`;
 * names here are ours (the wire carries only numbers). Maps are repeated
 * name/value pairs, kept in document order; vendor extensions and other free-form
 * values travel as YAML text in `Any.yaml`.
 */
export const GNOSTIC_OPENAPI_V2 = `
syntax = "proto3";
package gnostic.v2;

message Document {
  string swagger = 1;
  Info info = 2;
  repeated string consumes = 6;
  repeated string produces = 7;
  Paths paths = 8;
  Definitions definitions = 9;
  repeated SecurityRequirement security = 12;
  SecurityDefinitions securityDefinitions = 13;
  repeated NamedAny vendorExtension = 16;
}
message Info {
  string title = 1;
  string version = 2;
  string description = 3;
}
message Any { string yaml = 2; }
message NamedAny {
  string name = 1;
  Any value = 2;
}

message Paths {
  repeated NamedAny vendorExtension = 1;
  repeated NamedPathItem path = 2;
}
message NamedPathItem {
  string name = 1;
  PathItem value = 2;
}
message PathItem {
  string ref = 1;
  Operation get = 2;
  Operation put = 3;
  Operation post = 4;
  Operation delete = 5;
  Operation options = 6;
  Operation head = 7;
  Operation patch = 8;
  repeated ParametersItem parameters = 9;
  repeated NamedAny vendorExtension = 10;
}
message Operation {
  repeated string tags = 1;
  string summary = 2;
  string description = 3;
  string operationId = 5;
  repeated string produces = 6;
  repeated string consumes = 7;
  repeated ParametersItem parameters = 8;
  Responses responses = 9;
  repeated string schemes = 10;
  bool deprecated = 11;
  repeated NamedAny vendorExtension = 13;
}
message ParametersItem {
  oneof oneof {
    Parameter parameter = 1;
  }
}
message Parameter {
  oneof oneof {
    BodyParameter bodyParameter = 1;
    NonBodyParameter nonBodyParameter = 2;
  }
}
message BodyParameter {
  string description = 1;
  string name = 2;
  string in = 3;
  bool required = 4;
  Schema schema = 5;
}
message NonBodyParameter {
  oneof oneof {
    HeaderParameter headerParameter = 1;
    QueryParameter queryParameter = 3;
    PathParameter pathParameter = 4;
  }
}
message HeaderParameter {
  bool required = 1;
  string in = 2;
  string description = 3;
  string name = 4;
  string type = 5;
  string format = 6;
  bool uniqueItems = 19;
}
message QueryParameter {
  bool required = 1;
  string in = 2;
  string description = 3;
  string name = 4;
  string type = 6;
  string format = 7;
  bool uniqueItems = 20;
}
message PathParameter {
  bool required = 1;
  string in = 2;
  string description = 3;
  string name = 4;
  string type = 5;
  string format = 6;
  bool uniqueItems = 19;
}
message Responses { repeated NamedResponseValue responseCode = 1; }
message NamedResponseValue {
  string name = 1;
  ResponseValue value = 2;
}
message ResponseValue {
  oneof oneof {
    Response response = 1;
  }
}
message Response {
  string description = 1;
  SchemaItem schema = 2;
}
message SchemaItem {
  oneof oneof {
    Schema schema = 1;
  }
}

message Definitions { repeated NamedSchema additionalProperties = 1; }
message NamedSchema {
  string name = 1;
  Schema value = 2;
}
message Schema {
  string ref = 1;
  string format = 2;
  string title = 3;
  string description = 4;
  Any default = 5;
  repeated string required = 19;
  repeated Any enum = 20;
  AdditionalPropertiesItem additionalProperties = 21;
  TypeItem type = 22;
  ItemsItem items = 23;
  repeated Schema allOf = 24;
  Properties properties = 25;
  repeated NamedAny vendorExtension = 31;
}
message AdditionalPropertiesItem {
  oneof oneof {
    Schema schema = 1;
    bool boolean = 2;
  }
}
message TypeItem { repeated string value = 1; }
message ItemsItem { repeated Schema schema = 1; }
message Properties { repeated NamedSchema additionalProperties = 1; }

message SecurityDefinitions { repeated NamedSecurityDefinitionsItem additionalProperties = 1; }
message NamedSecurityDefinitionsItem {
  string name = 1;
  SecurityDefinitionsItem value = 2;
}
message SecurityDefinitionsItem {
  oneof oneof {
    ApiKeySecurity apiKeySecurity = 2;
  }
}
message ApiKeySecurity {
  string type = 1;
  string name = 2;
  string in = 3;
  string description = 4;
}
message SecurityRequirement { repeated NamedStringArray additionalProperties = 1; }
message NamedStringArray {
  string name = 1;
  StringArray value = 2;
}
message StringArray { repeated string value = 1; }
`;
