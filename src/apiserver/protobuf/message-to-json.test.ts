import assert from 'node:assert/strict';
import { it } from 'node:test';
import { decodeMessage } from './decode-message.js';
import { handEncoder as wire } from './hand-encoder.js';
import { KubernetesSchema } from './kubernetes-schema.js';
import { messageToJson } from './message-to-json.js';
import { ProtobufDecodeError } from './protobuf-decode-error.js';
import { apimachinerySchemas } from './schema/apimachinery.js';
import type { ProtoSchema } from './schema/proto-schema.js';

const sample: ProtoSchema = {
  package: 'sample.v1',
  apiVersion: 'sample.example.com/v1',
  kinds: ['Sample'],
  messages: `
    message Sample {
      optional .meta.v1.Time time = 1;
      optional .meta.v1.Time zeroTime = 2;
      optional .meta.v1.MicroTime microTime = 3;
      optional .resource.Quantity quantity = 4;
      optional .intstr.IntOrString number = 5;
      optional .intstr.IntOrString text = 6;
      optional .runtime.RawExtension extension = 7;
      optional bytes blob = 8;
      optional int64 big = 9;
      optional int32 dropped = 10;
      optional int32 kept = 11 [(keep) = true];
      optional bool flag = 12 [(keep) = true];
      optional string empty = 13;
      optional Part part = 14 [(inline) = true];
      optional Part nested = 15;
      map<string, .resource.Quantity> limits = 16;
      repeated .intstr.IntOrString ports = 17;
      map<string, bytes> files = 18;
    }
    message Part {
      optional string name = 1;
    }
  `,
};

const schema = new KubernetesSchema([...apimachinerySchemas, sample]);

function decodeSample(...fields: Uint8Array[]): Record<string, unknown> {
  const type = schema.messageOf('sample.example.com/v1', 'Sample');
  assert.ok(type);
  const bytes = Uint8Array.from(fields.flatMap((field) => [...field]));
  return messageToJson(type, decodeMessage(type, bytes, 'sample'));
}

it('times become RFC 3339 strings in whole seconds, and a zero time is left out', () => {
  const json = decodeSample(
    wire.message(1, wire.varint(1, 1767323045), wire.varint(2, 999_000_000)),
    wire.message(2),
    wire.message(3, wire.varint(1, 1767323045), wire.varint(2, 123_456_789)),
  );
  assert.deepEqual(json, { time: '2026-01-02T03:04:05Z', microTime: '2026-01-02T03:04:05.123456Z' });
});

it('quantities are strings and int-or-strings are numbers or strings by their type', () => {
  const json = decodeSample(
    wire.message(4, wire.string(1, '250m')),
    wire.message(5, wire.varint(1, 0), wire.varint(2, 8080), wire.string(3, '')),
    wire.message(6, wire.varint(1, 1), wire.varint(2, 0), wire.string(3, 'http')),
    wire.message(17, wire.varint(1, 0), wire.varint(2, 0), wire.string(3, '')),
  );
  assert.deepEqual(json, { quantity: '250m', number: 8080, text: 'http', ports: [0] });
});

it('maps of messages convert each value and maps of bytes hold base64', () => {
  const json = decodeSample(
    wire.entry(16, 'cpu', wire.message(2, wire.string(1, '1'))),
    wire.entry(16, 'memory', wire.message(2, wire.string(1, '1Gi'))),
    wire.entry(18, 'blob', wire.bytes(2, Uint8Array.of(0, 1, 254, 255))),
    wire.entry(18, 'empty', new Uint8Array()),
  );
  assert.deepEqual(json, { limits: { cpu: '1', memory: '1Gi' }, files: { blob: 'AAH+/w==', empty: '' } });
});

it('zero scalars are dropped unless the field keeps them, and 64-bit integers are numbers', () => {
  const json = decodeSample(
    wire.varint(9, 2n ** 40n),
    wire.varint(10, 0),
    wire.varint(11, 0),
    wire.varint(12, false),
    wire.string(13, ''),
    wire.bytes(8, new Uint8Array()),
  );
  assert.deepEqual(json, { big: 2 ** 40, kept: 0, flag: false });
});

it('negative integers decode from their ten-byte form', () => {
  assert.deepEqual(decodeSample(wire.varint(9, -5), wire.varint(11, -1)), { big: -5, kept: -1 });
});

it('inline messages merge into the parent while other messages stay objects, even empty', () => {
  const json = decodeSample(wire.message(14, wire.string(1, 'merged')), wire.message(15));
  assert.deepEqual(json, { name: 'merged', nested: {} });
});

it('a raw extension holding JSON becomes that JSON', () => {
  const json = decodeSample(wire.message(7, wire.string(1, '{"kind":"Thing","spec":{"a":[1,2]}}')));
  assert.deepEqual(json, { extension: { kind: 'Thing', spec: { a: [1, 2] } } });
});

it('a raw extension holding protobuf or broken JSON is refused', () => {
  const protobufRaw = Uint8Array.of(0x6b, 0x38, 0x73, 0x00, 0x0a, 0x00);
  assert.throws(() => decodeSample(wire.message(7, wire.bytes(1, protobufRaw))), ProtobufDecodeError);
  assert.throws(() => decodeSample(wire.message(7, wire.string(1, '{"kind":'))), /RawExtension\) is not valid JSON/);
});

it('fields the schema does not define are skipped', () => {
  const json = decodeSample(wire.string(99, 'from the future'), wire.varint(98, 7), wire.message(15, wire.varint(5, 1)));
  assert.deepEqual(json, { nested: {} });
});
