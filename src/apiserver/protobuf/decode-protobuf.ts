import { decodeMessage } from './decode-message.js';
import { kubernetesSchema } from './kubernetes-schema.js';
import { messageToJson } from './message-to-json.js';
import { ProtobufDecodeError } from './protobuf-decode-error.js';
import { readEnvelope } from './read-envelope.js';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

/** "k8s\0", before the envelope of every object in the protobuf encoding. */
const MAGIC = [0x6b, 0x38, 0x73, 0x00];

/**
 * Decodes a request body in the Kubernetes protobuf encoding into the JSON form
 * of the object, apiVersion and kind first. Fields of the wire that our schema
 * does not define are skipped.
 * @throws ProtobufDecodeError when the body is malformed or holds a kind we have no message for
 */
export function decodeProtobufObject(body: Uint8Array): Record<string, unknown> {
  if (body.length < MAGIC.length || !MAGIC.every((byte, index) => body[index] === byte)) {
    throw new ProtobufDecodeError('the body does not start with the magic number of the protobuf encoding (k8s\\0)');
  }
  const schema = kubernetesSchema();
  const { apiVersion, kind, raw } = readEnvelope(schema.envelope, body.subarray(MAGIC.length));
  const type = schema.messageOf(apiVersion, kind);
  if (type === undefined) throw new ProtobufDecodeError(`no message definition for ${apiVersion} ${kind}`);
  const message = decodeMessage(type, raw, `${apiVersion} ${kind}`);
  return { apiVersion, kind, ...messageToJson(type, message) };
}
