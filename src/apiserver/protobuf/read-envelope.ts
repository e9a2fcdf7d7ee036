import type { Type } from 'protobufjs';
import { decodeMessage, fieldsOf } from './decode-message.js';
import { ProtobufDecodeError } from './protobuf-decode-error.js';

/** The runtime.Unknown around every object in the protobuf encoding. */
export interface Envelope {
  readonly apiVersion: string;
  readonly kind: string;
  /** The object's own message. */
  readonly raw: Uint8Array;
}

const PROTOBUF_CONTENT_TYPES = new Set(['', 'application/vnd.kubernetes.protobuf']);

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Reads the envelope (after the magic number) and checks it holds a plain protobuf object. */
export function readEnvelope(unknownType: Type, bytes: Uint8Array): Envelope {
  const envelope = fieldsOf(decodeMessage(unknownType, bytes, 'envelope'));
  const typeMeta = fieldsOf(envelope.typeMeta);
  const apiVersion = text(typeMeta.apiVersion);
  const kind = text(typeMeta.kind);
  if (apiVersion === '' || kind === '') throw new ProtobufDecodeError('the envelope names no apiVersion and kind');
  const contentEncoding = text(envelope.contentEncoding);
  if (contentEncoding !== '') throw new ProtobufDecodeError(`content encoding ${contentEncoding} is not supported`);
  const contentType = text(envelope.contentType);
  if (!PROTOBUF_CONTENT_TYPES.has(contentType)) {
    throw new ProtobufDecodeError(`content type ${contentType} inside the envelope is not supported`);
  }
  const raw = envelope.raw instanceof Uint8Array ? envelope.raw : new Uint8Array();
  return { apiVersion, kind, raw };
}
