import { rfc3339 } from '../../util/clock.js';
import { ProtobufDecodeError } from './protobuf-decode-error.js';
import { wireNumber } from './wire-number.js';

type Fields = Readonly<Record<string, unknown>>;

/** Turns the fields of a message into its JSON value; undefined leaves the field out. */
export type SpecialValue = (fields: Fields) => unknown;

const PROTOBUF_MAGIC = [0x6b, 0x38, 0x73, 0x00];

function isPresent(fields: Fields, ...names: string[]): boolean {
  return names.some((name) => Object.hasOwn(fields, name));
}

function dateOf(seconds: number): Date {
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) throw new ProtobufDecodeError(`time out of range: ${seconds} seconds`);
  return date;
}

/** metav1.Time: RFC 3339 in whole seconds; upstream drops the nanoseconds when it decodes. */
function time(fields: Fields): string | undefined {
  if (!isPresent(fields, 'seconds', 'nanos')) return undefined;
  return rfc3339(dateOf(wireNumber(fields.seconds)).getTime());
}

/** metav1.MicroTime: RFC 3339 with exactly six fractional digits. */
function microTime(fields: Fields): string | undefined {
  if (!isPresent(fields, 'seconds', 'nanos')) return undefined;
  const micros = Math.floor(wireNumber(fields.nanos) / 1000);
  const whole = rfc3339(dateOf(wireNumber(fields.seconds)).getTime()).slice(0, -1);
  return `${whole}.${String(micros).padStart(6, '0')}Z`;
}

function quantity(fields: Fields): string {
  return typeof fields.string === 'string' && fields.string !== '' ? fields.string : '0';
}

function intOrString(fields: Fields): number | string {
  const isString = wireNumber(fields.type) === 1;
  if (isString) return typeof fields.strVal === 'string' ? fields.strVal : '';
  return wireNumber(fields.intVal);
}

function embeddedJson(raw: unknown, what: string): unknown {
  if (!(raw instanceof Uint8Array) || raw.length === 0) return undefined;
  if (PROTOBUF_MAGIC.every((byte, index) => raw[index] === byte)) {
    throw new ProtobufDecodeError(`${what} holds a protobuf object; only JSON is supported there`);
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw)) as unknown;
  } catch (error) {
    throw new ProtobufDecodeError(`${what} is not valid JSON`, { cause: error });
  }
}

/**
 * Messages whose JSON form is not an object of their fields, by protobuf full name.
 * Other messages become objects, present even when empty, as Go's JSON writes structs.
 */
export const specialValues: ReadonlyMap<string, SpecialValue> = new Map<string, SpecialValue>([
  ['.meta.v1.Time', time],
  ['.meta.v1.MicroTime', microTime],
  ['.meta.v1.FieldsV1', (fields) => embeddedJson(fields.Raw, 'fieldsV1')],
  ['.resource.Quantity', quantity],
  ['.intstr.IntOrString', intOrString],
  ['.runtime.RawExtension', (fields) => embeddedJson(fields.raw, 'an embedded object (RawExtension)')],
]);
