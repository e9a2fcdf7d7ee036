import protobuf from 'protobufjs';
import type { Field, Message, Type } from 'protobufjs';
import { fieldsOf } from './decode-message.js';
import { specialValues } from './special-values.js';
import { wireNumber } from './wire-number.js';

type Fields = Readonly<Record<string, unknown>>;

const INTEGER_64 = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

function option(field: Field, name: 'keep' | 'inline'): boolean {
  return field.options?.[`(${name})`] === true;
}

function jsonName(field: Field): string {
  const name: unknown = field.options?.json_name;
  return typeof name === 'string' ? name : field.name;
}

function isZero(value: unknown): boolean {
  return value === '' || value === 0 || value === false;
}

function base64(bytes: unknown): string {
  if (!(bytes instanceof Uint8Array)) return '';
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function valueToJson(field: Field, value: unknown): unknown {
  const type = field.resolvedType;
  if (type instanceof protobuf.Type) {
    const fields = fieldsOf(value);
    const special = specialValues.get(type.fullName);
    return special === undefined ? objectToJson(type, fields) : special(fields);
  }
  if (field.type === 'bytes') return base64(value);
  if (INTEGER_64.has(field.type)) return wireNumber(value);
  return value;
}

function mapToJson(field: Field, value: unknown): Record<string, unknown> | undefined {
  const entries = Object.entries(fieldsOf(value));
  if (entries.length === 0) return undefined;
  return Object.fromEntries(entries.map(([key, item]) => [key, valueToJson(field, item)]));
}

function objectToJson(type: Type, fields: Fields): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    if (!Object.hasOwn(fields, field.name)) continue;
    const value = fields[field.name];
    if (field.map) {
      const map = mapToJson(field, value);
      if (map !== undefined) json[jsonName(field)] = map;
    } else if (field.repeated) {
      if (Array.isArray(value) && value.length > 0) {
        json[jsonName(field)] = value.map((item) => valueToJson(field, item));
      }
    } else {
      const converted = valueToJson(field, value);
      const isScalar = field.resolvedType === null;
      if (converted === undefined || (isScalar && isZero(converted) && !option(field, 'keep'))) continue;
      if (option(field, 'inline') && typeof converted === 'object' && converted !== null) Object.assign(json, converted);
      else json[jsonName(field)] = converted;
    }
  }
  return json;
}

/**
 * The Kubernetes JSON form of a decoded message: JSON names as in the schema,
 * special messages as their own values (see specialValues), bytes as base64,
 * 64-bit integers as numbers, zero scalars left out unless the field keeps them.
 */
export function messageToJson(type: Type, message: Message): Record<string, unknown> {
  return objectToJson(type, fieldsOf(message));
}
