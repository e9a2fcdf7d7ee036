import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidImageReferenceError, defaultRegistryEndpoint, parseImageReference } from './image-reference.js';

const digest = `sha256:${'a'.repeat(64)}`;

describe('parseImageReference', () => {
  it('puts a bare name in docker.io/library with the latest tag', () => {
    assert.deepEqual(parseImageReference('nginx'), {
      domain: 'docker.io', path: 'library/nginx', repository: 'docker.io/library/nginx', tag: 'latest', normalized: 'docker.io/library/nginx:latest',
    });
  });

  it('keeps a Docker Hub namespace and treats index.docker.io as docker.io', () => {
    assert.equal(parseImageReference('bitnami/redis:7.2').normalized, 'docker.io/bitnami/redis:7.2');
    assert.equal(parseImageReference('index.docker.io/library/busybox').normalized, 'docker.io/library/busybox:latest');
    assert.equal(parseImageReference('docker.io/busybox:1').normalized, 'docker.io/library/busybox:1');
  });

  it('recognises a registry host by a dot, a port or the name localhost', () => {
    assert.equal(parseImageReference('127.0.0.1:5000/tugboat/httpd:1').domain, '127.0.0.1:5000');
    assert.equal(parseImageReference('registry.example.com/team/app').domain, 'registry.example.com');
    assert.equal(parseImageReference('localhost/app').domain, 'localhost');
    assert.equal(parseImageReference('example.invalid/tugboat/httpd:1').path, 'tugboat/httpd');
  });

  it('keeps a port apart from a tag', () => {
    const reference = parseImageReference('localhost:5000/app');
    assert.equal(reference.domain, 'localhost:5000');
    assert.equal(reference.tag, 'latest');
  });

  it('takes a digest without adding a tag, and keeps a tag given with it', () => {
    const byDigest = parseImageReference(`quay.io/org/app@${digest}`);
    assert.equal(byDigest.tag, undefined);
    assert.equal(byDigest.digest, digest);
    assert.equal(byDigest.normalized, `quay.io/org/app@${digest}`);
    assert.equal(parseImageReference(`app:1.0@${digest}`).normalized, `docker.io/library/app:1.0@${digest}`);
  });

  it('rejects uppercase repositories, bad tags, bad digests and empty names with the reason', () => {
    assert.throws(() => parseImageReference('Nginx'), { name: 'InvalidImageReferenceError', message: /"Nginx"/ });
    assert.throws(() => parseImageReference('nginx:-bad'), /bad tag "-bad"/);
    assert.throws(() => parseImageReference('nginx@sha256:abc'), /bad digest/);
    assert.throws(() => parseImageReference(`nginx@sha256:${'A'.repeat(64)}`), /64 lowercase hex/);
    assert.throws(() => parseImageReference(''), InvalidImageReferenceError);
    assert.throws(() => parseImageReference('a//b'), InvalidImageReferenceError);
  });

  it('gives Docker Hub its real API endpoint and other registries https://host', () => {
    assert.equal(defaultRegistryEndpoint('docker.io'), 'https://registry-1.docker.io');
    assert.equal(defaultRegistryEndpoint('127.0.0.1:5000'), 'https://127.0.0.1:5000');
  });
});
