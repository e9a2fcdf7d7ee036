import protobuf from 'protobufjs';
import type { Long } from 'protobufjs';
import { ProtobufDecodeError } from './protobuf-decode-error.js';

function isLong(value: unknown): value is Long {
  return typeof value === 'object' && value !== null && 'low' in value && 'high' in value && 'unsigned' in value;
}

/** A decoded integer as a JSON number; protobufjs gives 64-bit integers as Long objects. */
export function wireNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (isLong(value)) return protobuf.util.LongBits.from(value).toNumber(value.unsigned);
  throw new ProtobufDecodeError(`expected an integer, found ${typeof value}`);
}
