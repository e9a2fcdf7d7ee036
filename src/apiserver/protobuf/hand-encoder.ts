/**
 * Protobuf wire bytes written by hand, field by field, for tests: it knows the wire
 * format but none of our schema, so what it writes checks the schema from outside.
 */
const MAGIC = [0x6b, 0x38, 0x73, 0x00];
const utf8 = new TextEncoder();

function varint(value: bigint): number[] {
  let rest = BigInt.asUintN(64, value);
  const bytes: number[] = [];
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest === 0n ? low : low | 0x80);
  } while (rest !== 0n);
  return bytes;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((part) => [...part]));
}

function bytes(field: number, value: Uint8Array): Uint8Array {
  return Uint8Array.from([...varint(BigInt((field << 3) | 2)), ...varint(BigInt(value.length)), ...value]);
}

function message(field: number, ...parts: Uint8Array[]): Uint8Array {
  return bytes(field, concat(parts));
}

export const handEncoder = {
  /** An int32, int64 or bool field; negative numbers take ten bytes, as on the wire. */
  varint(field: number, value: number | bigint | boolean): Uint8Array {
    const number = typeof value === 'boolean' ? BigInt(value ? 1 : 0) : BigInt(value);
    return Uint8Array.from([...varint(BigInt(field << 3)), ...varint(number)]);
  },
  bytes,
  string(field: number, value: string): Uint8Array {
    return bytes(field, utf8.encode(value));
  },
  message,
  /** A map entry: maps are repeated messages of key = 1 and value = 2. */
  entry(field: number, key: string, value: Uint8Array): Uint8Array {
    return message(field, handEncoder.string(1, key), value);
  },
  /** A whole request body: magic number and envelope around the object's fields. */
  object(apiVersion: string, kind: string, ...fields: Uint8Array[]): Uint8Array {
    const typeMeta = message(1, handEncoder.string(1, apiVersion), handEncoder.string(2, kind));
    return Uint8Array.from([...MAGIC, ...typeMeta, ...bytes(2, concat(fields))]);
  },
};
