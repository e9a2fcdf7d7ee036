import type { Message, Type } from 'protobufjs';
import { ProtobufDecodeError } from './protobuf-decode-error.js';

/** Decodes `bytes` as a message of `type`; `what` names it in the error when the bytes are malformed. */
export function decodeMessage(type: Type, bytes: Uint8Array, what: string): Message {
  try {
    return type.decode(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ProtobufDecodeError(`malformed ${what}: ${reason}`, { cause: error });
  }
}

/** The fields of a decoded message by name; only fields present on the wire are own properties. */
export function fieldsOf(message: unknown): Readonly<Record<string, unknown>> {
  if (typeof message !== 'object' || message === null) return {};
  return message as Readonly<Record<string, unknown>>;
}
