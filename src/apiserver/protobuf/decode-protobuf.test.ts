import assert from 'node:assert/strict';
import { it } from 'node:test';
import { decodeProtobufObject, PROTOBUF_CONTENT_TYPE } from './decode-protobuf.js';
import { handEncoder as wire } from './hand-encoder.js';
import { ProtobufDecodeError } from './protobuf-decode-error.js';

const MAGIC = [0x6b, 0x38, 0x73, 0x00];

function objectMeta(name: string, namespace: string): Uint8Array {
  return wire.message(1, wire.string(1, name), wire.string(3, namespace));
}

it('the content type is the Kubernetes protobuf media type', () => {
  assert.equal(PROTOBUF_CONTENT_TYPE, 'application/vnd.kubernetes.protobuf');
});

it('an eviction decodes with its delete options, keeping a zero grace period', () => {
  const body = wire.object(
    'policy/v1',
    'Eviction',
    objectMeta('web-1', 'default'),
    wire.message(
      2,
      wire.varint(1, 0),
      wire.message(2, wire.string(1, 'a1b2'), wire.string(2, '42')),
      wire.string(4, 'Foreground'),
      wire.string(5, 'All'),
    ),
  );
  assert.deepEqual(decodeProtobufObject(body), {
    apiVersion: 'policy/v1',
    kind: 'Eviction',
    metadata: { name: 'web-1', namespace: 'default' },
    deleteOptions: {
      gracePeriodSeconds: 0,
      preconditions: { uid: 'a1b2', resourceVersion: '42' },
      propagationPolicy: 'Foreground',
      dryRun: ['All'],
    },
  });
});

it('a scale decodes its replicas and status selector', () => {
  const body = wire.object(
    'autoscaling/v1',
    'Scale',
    wire.message(1, wire.string(1, 'web'), wire.string(3, 'default'), wire.string(6, '17')),
    wire.message(2, wire.varint(1, 3)),
    wire.message(3, wire.varint(1, 2), wire.string(2, 'app=web')),
  );
  assert.deepEqual(decodeProtobufObject(body), {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name: 'web', namespace: 'default', resourceVersion: '17' },
    spec: { replicas: 3 },
    status: { replicas: 2, selector: 'app=web' },
  });
});

it('delete options decode under the apiVersion of whichever group the client addressed', () => {
  const body = wire.object('apps/v1', 'DeleteOptions', wire.string(4, 'Orphan'), wire.varint(3, false));
  assert.deepEqual(decodeProtobufObject(body), {
    apiVersion: 'apps/v1',
    kind: 'DeleteOptions',
    orphanDependents: false,
    propagationPolicy: 'Orphan',
  });
});

it('object metadata decodes times, owners, finalizers and a zero grace period', () => {
  const body = wire.object(
    'v1',
    'ConfigMap',
    wire.message(
      1,
      wire.string(1, 'cfg'),
      wire.string(2, 'cfg-'),
      wire.string(5, 'uid-1'),
      wire.varint(7, 3),
      wire.message(8, wire.varint(1, 1767323045)),
      wire.message(9, wire.varint(1, 1767323105)),
      wire.varint(10, 0),
      wire.entry(11, 'app', wire.string(2, 'web')),
      wire.entry(12, 'note', wire.string(2, '')),
      wire.message(
        13,
        wire.string(1, 'Deployment'),
        wire.string(3, 'web'),
        wire.string(4, 'uid-2'),
        wire.string(5, 'apps/v1'),
        wire.varint(6, true),
      ),
      wire.string(14, 'example.com/cleanup'),
    ),
  );
  assert.deepEqual(decodeProtobufObject(body).metadata, {
    name: 'cfg',
    generateName: 'cfg-',
    uid: 'uid-1',
    generation: 3,
    creationTimestamp: '2026-01-02T03:04:05Z',
    deletionTimestamp: '2026-01-02T03:05:05Z',
    deletionGracePeriodSeconds: 0,
    labels: { app: 'web' },
    annotations: { note: '' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-2', controller: true }],
    finalizers: ['example.com/cleanup'],
  });
});

it('a body without the magic number is refused', () => {
  assert.throws(() => decodeProtobufObject(new TextEncoder().encode('{"kind":"ConfigMap"}')), {
    name: 'ProtobufDecodeError',
    code: 'ProtobufUndecodable',
    message: 'unable to decode protobuf: the body does not start with the magic number of the protobuf encoding (k8s\\0)',
  });
  assert.throws(() => decodeProtobufObject(Uint8Array.of(0x6b, 0x38)), ProtobufDecodeError);
});

it('a kind without a message definition is refused by name', () => {
  assert.throws(() => decodeProtobufObject(wire.object('apps/v1', 'Foo')), {
    message: 'unable to decode protobuf: no message definition for apps/v1 Foo',
  });
  assert.throws(() => decodeProtobufObject(wire.object('v2', 'ConfigMap')), /no message definition for v2 ConfigMap/);
});

it('an envelope without apiVersion and kind is refused', () => {
  assert.throws(() => decodeProtobufObject(Uint8Array.from([...MAGIC, ...wire.bytes(2, new Uint8Array())])), {
    message: 'unable to decode protobuf: the envelope names no apiVersion and kind',
  });
});

it('a compressed or non-protobuf envelope is refused', () => {
  const gzip = Uint8Array.from([...wire.object('v1', 'ConfigMap'), ...wire.string(3, 'gzip')]);
  assert.throws(() => decodeProtobufObject(gzip), /content encoding gzip is not supported/);
  const json = Uint8Array.from([...wire.object('v1', 'ConfigMap'), ...wire.string(4, 'application/json')]);
  assert.throws(() => decodeProtobufObject(json), /content type application\/json inside the envelope is not supported/);
});

it('truncated bytes are refused as malformed, naming the part', () => {
  const whole = wire.object('v1', 'ConfigMap', objectMeta('demo', 'default'));
  const truncated = whole.subarray(0, whole.length - 3);
  assert.throws(() => decodeProtobufObject(truncated), /unable to decode protobuf: malformed envelope: /);
  const typeMeta = wire.message(1, wire.string(1, 'v1'), wire.string(2, 'ConfigMap'));
  const badRaw = Uint8Array.from([...MAGIC, ...typeMeta, ...wire.bytes(2, Uint8Array.of(0x0a, 0x05, 0x01))]);
  assert.throws(() => decodeProtobufObject(badRaw), /unable to decode protobuf: malformed v1 ConfigMap: /);
});
