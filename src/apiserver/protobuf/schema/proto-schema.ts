/**
 * The protobuf messages of one package, written as proto2 text without the
 * `package` line. Field names and numbers are those of the Kubernetes wire format;
 * the text holds only the messages we decode.
 *
 * Field names are the JSON names, except where `[json_name = "..."]` says otherwise.
 * Two field options of ours carry what the Go types know and the wire does not:
 * - `[(keep) = true]` on a scalar: a zero value on the wire is a real value (the Go
 *   field is a pointer, or its JSON has no omitempty) and stays in the JSON. Without
 *   it, "", 0 and false are dropped, as Go's omitempty drops them.
 * - `[(inline) = true]` on a message: Go embeds it with `json:",inline"`, so its
 *   fields are written into the parent object.
 */
export interface ProtoSchema {
  readonly package: string;
  /** The apiVersion of the kinds below; absent for packages that define no kinds. */
  readonly apiVersion?: string;
  /** Messages of this package that are top-level kinds, named as the kind. */
  readonly kinds: readonly string[];
  readonly messages: string;
}
