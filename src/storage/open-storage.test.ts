import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DatastoreConfigError } from './errors.js';
import { parseDatastoreUrl } from './open-storage.js';

describe('datastore URLs', () => {
  it('name the three backends', () => {
    assert.deepEqual(parseDatastoreUrl('memory://'), { kind: 'memory' });
    assert.deepEqual(parseDatastoreUrl('sqlite:///var/lib/tug/state.db'), {
      kind: 'sqlite',
      path: '/var/lib/tug/state.db',
      synchronous: 'full',
    });
    assert.deepEqual(parseDatastoreUrl('sqlite://data/state.db?synchronous=normal'), {
      kind: 'sqlite',
      path: 'data/state.db',
      synchronous: 'normal',
    });
    assert.deepEqual(parseDatastoreUrl('etcd://127.0.0.1:2379,[::1]:2380,etcd-0.local:2379'), {
      kind: 'etcd',
      endpoints: ['127.0.0.1:2379', '[::1]:2380', 'etcd-0.local:2379'],
    });
  });

  for (const [url, message] of [
    ['/var/lib/state.db', /not a URL; use sqlite:\/\/PATH/],
    ['postgres://db:5432', /unsupported scheme "postgres"/],
    ['sqlite://', /needs a file path/],
    ['sqlite://x.db?synchronous=off', /synchronous must be full or normal/],
    ['sqlite://x.db?cache=big', /unknown option "cache"/],
    ['etcd://', /needs at least one HOST:PORT/],
    ['etcd://127.0.0.1', /"127.0.0.1" is not HOST:PORT/],
    ['etcd://127.0.0.1:99999', /"127.0.0.1:99999" is not HOST:PORT/],
    ['memory://extra', /takes nothing after the scheme/],
  ] as const) {
    it(`refuse ${url} with a clear message`, () => {
      assert.throws(
        () => parseDatastoreUrl(url),
        (error: unknown) => error instanceof DatastoreConfigError && message.test(error.message),
      );
    });
  }
});
