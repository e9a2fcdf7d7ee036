import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiObject } from '../../../api/object.js';
import { created, resource } from './strategy-harness.js';

const pods = resource('', 'v1', 'pods');
type Json = Record<string, unknown>;

function pod(spec: Json, annotations?: Record<string, string>): ApiObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', ...(annotations === undefined ? {} : { annotations }) }, spec };
}

function specOf(object: ApiObject): Json {
  return object['spec'] as Json;
}

describe('service account admission', () => {
  it('defaults the service account to default and mounts a kube-api-access volume in every container', () => {
    const spec = specOf(created(pods, pod({ initContainers: [{ name: 'init', image: 'busybox' }], containers: [{ name: 'web', image: 'nginx' }] })));
    assert.equal(spec['serviceAccountName'], 'default');
    assert.equal(spec['serviceAccount'], 'default');
    const volumes = spec['volumes'] as Json[];
    assert.equal(volumes.length, 1);
    const name = String(volumes[0]?.['name']);
    assert.match(name, /^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual(volumes[0]?.['projected'], {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    });
    for (const list of ['initContainers', 'containers']) {
      const container = (spec[list] as Json[])[0] ?? {};
      assert.deepEqual(container['volumeMounts'], [{ name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }]);
    }
  });

  it('keeps a named service account and adds nothing when automountServiceAccountToken is false', () => {
    const spec = specOf(created(pods, pod({ serviceAccountName: 'builder', automountServiceAccountToken: false, containers: [{ name: 'web', image: 'nginx' }] })));
    assert.equal(spec['serviceAccountName'], 'builder');
    assert.equal(spec['volumes'], undefined);
    assert.equal(((spec['containers'] as Json[])[0] ?? {})['volumeMounts'], undefined);
  });

  it('leaves containers that already mount something at the token path alone', () => {
    const own = { name: 'creds', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' };
    const spec = specOf(created(pods, pod({
      containers: [{ name: 'a', image: 'nginx', volumeMounts: [own] }, { name: 'b', image: 'nginx' }],
      volumes: [{ name: 'creds', secret: { secretName: 'mine' } }],
    })));
    const [a, b] = spec['containers'] as Json[];
    assert.deepEqual(a?.['volumeMounts'], [own]);
    assert.equal((b?.['volumeMounts'] as Json[]).length, 1);
    assert.equal((spec['volumes'] as Json[]).length, 2);
  });

  it('does not touch mirror pods', () => {
    const spec = specOf(created(pods, pod({ nodeName: 'n1', containers: [{ name: 'web', image: 'nginx' }] }, { 'kubernetes.io/config.mirror': 'x' })));
    assert.equal(spec['volumes'], undefined);
    assert.equal(spec['serviceAccountName'], undefined);
  });
});
