import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRegistriesConfig } from './registries-config.js';
import { RegistryCredentials } from './registry-credentials.js';

describe('RegistryCredentials', () => {
  const credentials = new RegistryCredentials(parseRegistriesConfig(`
mirrors:
  example.invalid:
    endpoint: ["http://127.0.0.1:5000", "https://mirror.example.com"]
  docker.io:
    endpoint: ["https://open-mirror.example.com"]
configs:
  "mirror.example.com":
    auth: { username: mirror-user, password: mirror-pass }
  "127.0.0.1:6000":
    auth: { auth: dXNlcjpwYXNz }
  docker.io:
    auth: { identitytoken: hub-token }
  unused.example.com:
    tls: { insecure_skip_verify: true }
`));

  it('gives a registry\'s own credentials, addressed to it alone', () => {
    assert.deepEqual(credentials.forImage('127.0.0.1:6000/tugboat/httpd:1'), { serverAddress: 'https://127.0.0.1:6000', auth: 'dXNlcjpwYXNz' });
  });

  it('gives the credentials of the first mirror that has any, addressed to that mirror', () => {
    assert.deepEqual(credentials.forImage('example.invalid/tugboat/httpd:1'), {
      serverAddress: 'https://mirror.example.com', username: 'mirror-user', password: 'mirror-pass',
    });
  });

  it('finds Docker Hub\'s credentials under docker.io for its real endpoint', () => {
    assert.deepEqual(credentials.forImage('busybox'), { serverAddress: 'https://registry-1.docker.io', identityToken: 'hub-token' });
  });

  it('gives nothing for a registry without credentials', () => {
    assert.equal(credentials.forImage('unused.example.com/app:1'), undefined);
    assert.equal(credentials.forImage('quay.io/app:1'), undefined);
  });
});
