import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeDockerConfigJson } from './docker-config-json.js';
import { DockerKeyring } from './docker-keyring.js';

const base64 = (text: string): string => Buffer.from(text).toString('base64');

function dockerConfigJsonSecret(auths: Record<string, unknown>): { name: string; type: string; data: Record<string, string> } {
  return { name: 'regcred', type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': base64(JSON.stringify({ auths })) } };
}

describe('decodeDockerConfigJson', () => {
  it('decodes a dockerconfigjson secret, filling username and password from auth', () => {
    const entries = decodeDockerConfigJson(dockerConfigJsonSecret({
      'registry.example.com:5000': { auth: base64('alice:pa:ss') },
      'https://index.docker.io/v1/': { username: 'bob', password: 'hunter2', email: 'bob@example.com' },
    }));
    assert.deepEqual(entries, [
      { registry: 'registry.example.com:5000', auth: { username: 'alice', password: 'pa:ss', auth: base64('alice:pa:ss') } },
      { registry: 'https://index.docker.io/v1/', auth: { username: 'bob', password: 'hunter2' } },
    ]);
  });

  it('decodes the older dockercfg secret, whose registries sit at the top level', () => {
    const entries = decodeDockerConfigJson({
      type: 'kubernetes.io/dockercfg',
      data: { '.dockercfg': base64(JSON.stringify({ 'quay.io': { identitytoken: 'tok' } })) },
    });
    assert.deepEqual(entries, [{ registry: 'quay.io', auth: { identityToken: 'tok' } }]);
  });

  it('names the secret and the field when a secret cannot be used', () => {
    assert.throws(() => decodeDockerConfigJson({ name: 'regcred', type: 'Opaque', data: {} }), /secret "regcred": type must be kubernetes.io\/dockerconfigjson/);
    assert.throws(() => decodeDockerConfigJson({ name: 'regcred', type: 'kubernetes.io/dockerconfigjson', data: {} }), /data\[\.dockerconfigjson\] is missing/);
    assert.throws(
      () => decodeDockerConfigJson({ name: 'regcred', type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': base64('{') } }),
      { name: 'InvalidPullSecretError', message: /not valid JSON/ },
    );
    assert.throws(() => decodeDockerConfigJson(dockerConfigJsonSecret({ 'r.io': { auth: base64('nocolon') } })), /auths\["r.io"\]\.auth: must be base64/);
  });
});

describe('DockerKeyring', () => {
  const keyring = new DockerKeyring(decodeDockerConfigJson(dockerConfigJsonSecret({
    'https://index.docker.io/v1/': { username: 'hub', password: 'p' },
    'registry.example.com': { username: 'whole-registry', password: 'p' },
    'registry.example.com/team': { username: 'team', password: 'p' },
    '*.corp.example': { username: 'wildcard', password: 'p' },
    '127.0.0.1:5000': { username: 'local', password: 'p' },
  })));
  const users = (image: string): (string | undefined)[] => keyring.lookup(image).map((auth) => auth.username);

  it('matches Docker Hub images to the index.docker.io key', () => {
    assert.deepEqual(users('busybox'), ['hub']);
    assert.deepEqual(users('docker.io/bitnami/redis:7'), ['hub']);
  });

  it('prefers the most specific repository path prefix', () => {
    assert.deepEqual(users('registry.example.com/team/app:1'), ['team', 'whole-registry']);
    assert.deepEqual(users('registry.example.com/teamwork/app:1'), ['whole-registry']);
  });

  it('matches a wildcard to one host label and requires equal ports', () => {
    assert.deepEqual(users('build.corp.example/app'), ['wildcard']);
    assert.deepEqual(users('a.build.corp.example/app'), []);
    assert.deepEqual(users('127.0.0.1:5000/tugboat/httpd:1'), ['local']);
    assert.deepEqual(users('127.0.0.1:5001/tugboat/httpd:1'), []);
  });
});
