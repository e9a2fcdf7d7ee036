import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiObject } from '../../../api/object.js';
import { base64Error } from './base64.js';
import { created, resource, tryCreate, tryUpdate } from './strategy-harness.js';

const configMaps = resource('', 'v1', 'configmaps');
const secrets = resource('', 'v1', 'secrets');
const KEY_RULE = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

function configMap(fields: Record<string, unknown>): ApiObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, ...fields };
}

function secret(fields: Record<string, unknown>): ApiObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token', namespace: 'default' }, ...fields };
}

describe('config map strategy', () => {
  it('refuses keys that cannot be file names and keys in both data and binaryData', () => {
    const { errors } = tryCreate(configMaps, configMap({ data: { 'bad key': 'x', '..': 'y', shared: 'z' }, binaryData: { shared: 'eg==' } }));
    assert.deepEqual(errors, [
      `data[bad key]: Invalid value: "bad key": ${KEY_RULE}`,
      'data[..]: Invalid value: "..": must not be \'..\'',
      'data[shared]: Invalid value: "shared": duplicate of key present in binaryData',
    ]);
  });

  it('refuses more than 1 MiB of data', () => {
    const { errors } = tryCreate(configMaps, configMap({ data: { big: 'x'.repeat(1024 * 1024 + 1) } }));
    assert.deepEqual(errors, [': Too long: must have at most 1048576 bytes']);
  });

  it('refuses changes to the data of an immutable config map', () => {
    const old = created(configMaps, configMap({ data: { a: '1' }, immutable: true }));
    assert.deepEqual(tryUpdate(configMaps, old, configMap({ data: { a: '1' }, immutable: true })).errors, []);
    assert.deepEqual(tryUpdate(configMaps, old, configMap({ data: { a: '2' } })).errors, [
      'immutable: Forbidden: field is immutable when `immutable` is set',
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });
});

describe('secret strategy', () => {
  it('folds stringData into data and defaults the type to Opaque', () => {
    const object = created(secrets, secret({ data: { a: 'YQ==' }, stringData: { b: 'bee' } }));
    assert.equal(object['type'], 'Opaque');
    assert.deepEqual(object['data'], { a: 'YQ==', b: 'YmVl' });
    assert.equal(object['stringData'], undefined);
  });

  it('refuses data that is not base64 and keys that are not config keys', () => {
    const { errors } = tryCreate(secrets, secret({ data: { 'a/b': 'YQ==', token: 'not base64!' } }));
    assert.deepEqual(errors, [
      `data[a/b]: Invalid value: "a/b": ${KEY_RULE}`,
      'data[token]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 3',
    ]);
  });

  it('checks the keys each secret type needs', () => {
    assert.deepEqual(tryCreate(secrets, secret({ type: 'kubernetes.io/tls', data: { 'tls.crt': 'YQ==' } })).errors, ['data[tls.key]: Required value']);
    assert.deepEqual(tryCreate(secrets, secret({ type: 'kubernetes.io/basic-auth' })).errors, ['data[%s][username]: Required value', 'data[%s][password]: Required value']);
  });

  it('keeps the type and, when immutable, the data', () => {
    const old = created(secrets, secret({ data: { a: 'YQ==' }, immutable: true }));
    assert.deepEqual(tryUpdate(secrets, old, secret({ type: 'kubernetes.io/tls', data: { a: 'Yg==', 'tls.crt': 'YQ==', 'tls.key': 'YQ==' }, immutable: true })).errors, [
      'type: Invalid value: "kubernetes.io/tls": field is immutable',
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });
});

describe('base64 checks', () => {
  it('find the byte Go reports', () => {
    assert.equal(base64Error('YWJj'), undefined);
    assert.equal(base64Error('YW\nJj'), undefined);
    assert.equal(base64Error('YQ=='), undefined);
    assert.equal(base64Error('YWJ'), 'illegal base64 data at input byte 0');
    assert.equal(base64Error('YWJjZ'), 'illegal base64 data at input byte 4');
    assert.equal(base64Error('YW!j'), 'illegal base64 data at input byte 2');
    assert.equal(base64Error('YQ==YQ=='), 'illegal base64 data at input byte 4');
  });
});
