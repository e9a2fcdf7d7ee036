import { parse as parseYaml } from 'yaml';
import { PROTOBUF_CONTENT_TYPE, decodeProtobufObject } from '../protobuf/decode-protobuf.js';
import { ProtobufDecodeError } from '../protobuf/protobuf-decode-error.js';
import { apiErrors } from './api-error.js';
import type { Request } from './http-types.js';

/** Kubernetes refuses request bodies over 3 MiB. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Reads the whole body, refusing it with 413 once it passes the limit. */
export async function readBody(request: Request): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw apiErrors.tooLarge(MAX_BODY_BYTES);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw apiErrors.tooLarge(MAX_BODY_BYTES);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON (or YAML) body; malformed input is a 400 as upstream words it. */
export function parseBody(body: Buffer, contentType: string | undefined): unknown {
  const type = (contentType ?? 'application/json').split(';')[0]?.trim() ?? '';
  if (type === PROTOBUF_CONTENT_TYPE) return parseProtobuf(body);
  const text = body.toString('utf8');
  if (text.trim() === '') throw apiErrors.badRequest('the body of the request was empty');
  if (type === 'application/yaml' || type === 'application/apply-patch+yaml') {
    try {
      return parseYaml(text) as unknown;
    } catch (error) {
      throw apiErrors.badRequest(`error converting YAML to JSON: ${error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error)}`);
    }
  }
  if (!type.endsWith('json')) throw apiErrors.unsupportedMediaType(type);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw apiErrors.badRequest(`couldn't get version/kind; json parse error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** kubectl's typed commands send protobuf; an undecodable body is a 400, an unknown kind a 415. */
function parseProtobuf(body: Buffer): unknown {
  try {
    return decodeProtobufObject(body);
  } catch (error) {
    if (!(error instanceof ProtobufDecodeError)) throw error;
    if (error.message.includes('no message definition')) throw apiErrors.unsupportedMediaType(`${PROTOBUF_CONTENT_TYPE} (${error.message})`);
    throw apiErrors.badRequest(error.message);
  }
}
