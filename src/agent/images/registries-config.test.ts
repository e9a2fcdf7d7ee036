import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EMPTY_REGISTRIES_CONFIG, loadRegistriesConfig, parseRegistriesConfig } from './registries-config.js';

describe('parseRegistriesConfig', () => {
  it('reads mirrors with their endpoints in order and configs with auth and tls', () => {
    const config = parseRegistriesConfig(`
mirrors:
  docker.io:
    endpoint:
      - "http://127.0.0.1:5000/"
      - "https://mirror.example.com"
configs:
  "mirror.example.com":
    auth: { username: alice, password: s3cret }
    tls:
      ca_file: /etc/ssl/mirror-ca.pem
      cert_file: /etc/ssl/client.pem
      key_file: /etc/ssl/client-key.pem
  registry.internal:
    tls: { insecure_skip_verify: true }
`);
    assert.deepEqual(config.mirrors, { 'docker.io': { endpoint: ['http://127.0.0.1:5000', 'https://mirror.example.com'] } });
    assert.deepEqual(config.configs['mirror.example.com'], {
      auth: { username: 'alice', password: 's3cret' },
      tls: { ca_file: '/etc/ssl/mirror-ca.pem', cert_file: '/etc/ssl/client.pem', key_file: '/etc/ssl/client-key.pem' },
    });
    assert.deepEqual(config.configs['registry.internal'], { tls: { insecure_skip_verify: true } });
  });

  it('treats an empty document as no mirrors and no configs', () => {
    assert.deepEqual(parseRegistriesConfig(''), EMPTY_REGISTRIES_CONFIG);
    assert.deepEqual(parseRegistriesConfig('mirrors:\nconfigs:\n'), EMPTY_REGISTRIES_CONFIG);
  });

  it('names every bad field in one line', () => {
    assert.throws(
      () => parseRegistriesConfig(`
mirrors:
  docker.io:
    endpoint: ["ftp://mirror", 42]
configs:
  reg.example.com:
    auth: { password: only }
    tls: { ca_file: relative.pem, insecure_skip_verify: "yes", cert_file: /c.pem }
`, '/etc/tug/registries.yaml'),
      (error: Error) => {
        assert.equal(error.name, 'RegistriesConfigError');
        assert.doesNotMatch(error.message, /\n/);
        assert.match(error.message, /^\/etc\/tug\/registries\.yaml: /);
        for (const expected of [
          'mirrors."docker.io".endpoint[0]: must use http:// or https://',
          'mirrors."docker.io".endpoint[1]: must be a URL string',
          'configs."reg.example.com".auth.username: required with a password',
          'configs."reg.example.com".tls.ca_file: must be an absolute path',
          'configs."reg.example.com".tls.insecure_skip_verify: must be true or false',
          'configs."reg.example.com".tls: cert_file and key_file go together',
        ]) assert.ok(error.message.includes(expected), `missing ${expected} in ${error.message}`);
        return true;
      },
    );
  });

  it('refuses unknown fields, rewrites and the wildcard mirror rather than ignoring them', () => {
    assert.throws(() => parseRegistriesConfig('mirror:\n  docker.io: {}\n'), /mirror: unknown field/);
    assert.throws(
      () => parseRegistriesConfig('mirrors:\n  docker.io:\n    endpoint: ["https://m.example.com"]\n    rewrite: {"^(.*)$": "lib/$1"}\n'),
      /mirrors."docker.io".rewrite: not supported/,
    );
    assert.throws(() => parseRegistriesConfig('mirrors:\n  "*":\n    endpoint: ["https://m.example.com"]\n'), /mirrors."\*": the "\*" wildcard is not supported/);
    assert.throws(() => parseRegistriesConfig('configs:\n  "bad host/x":\n    tls: {}\n'), /configs."bad host\/x": must be a registry host/);
  });

  it('refuses credentials inside an endpoint URL and an endpoint list that is empty', () => {
    assert.throws(() => parseRegistriesConfig('mirrors:\n  r.io:\n    endpoint: ["https://u:p@m.example.com"]\n'), /must not carry credentials/);
    assert.throws(() => parseRegistriesConfig('mirrors:\n  r.io:\n    endpoint: []\n'), /endpoint: must be a non-empty list/);
  });

  it('reports YAML syntax errors as one line', () => {
    assert.throws(() => parseRegistriesConfig('mirrors: [unclosed'), (error: Error) => /^registries\.yaml: not valid YAML: /.test(error.message) && !error.message.includes('\n'));
  });
});

describe('loadRegistriesConfig', () => {
  it('reads a file, and takes a missing file as an empty config', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tug-registries-'));
    try {
      const path = join(dir, 'registries.yaml');
      assert.deepEqual(await loadRegistriesConfig(path), EMPTY_REGISTRIES_CONFIG);
      await writeFile(path, 'mirrors:\n  example.invalid:\n    endpoint: ["http://127.0.0.1:5000"]\n');
      assert.deepEqual((await loadRegistriesConfig(path)).mirrors, { 'example.invalid': { endpoint: ['http://127.0.0.1:5000'] } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
