import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js';
import { kubectl } from '../helpers/kubectl.js';

let plane: TestControlPlane;
let emptyKubeconfig: string;
const k = (...args: string[]) => kubectl(plane.kubeconfig, args);

/** kubectl with no credentials but the bearer token, trusting the cluster CA. */
const withToken = (token: string, ...args: string[]) =>
  kubectl(emptyKubeconfig, ['--server', plane.url, '--certificate-authority', join(plane.dataDir, 'tls', 'ca.crt'), '--token', token, ...args]);

async function createToken(...args: string[]): Promise<string> {
  const result = await k('create', 'token', ...args);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout.trim();
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
}

const podManifest = (name: string, extra = '') => `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: default
spec:
${extra}  containers:
  - name: app
    image: busybox
`;

before(async () => {
  plane = await startTestControlPlane();
  emptyKubeconfig = join(plane.dataDir, 'empty-kubeconfig.yaml');
  await writeFile(emptyKubeconfig, 'apiVersion: v1\nkind: Config\n');
  assert.equal((await k('create', 'serviceaccount', 'builder')).code, 0);
});

after(async () => {
  await plane.stop();
});

describe('the TokenRequest API', () => {
  it('kubectl create token prints a token that authenticates kubectl as the service account', async () => {
    const token = await createToken('builder');
    const claims = claimsOf(token);
    assert.equal(claims.iss, 'https://kubernetes.default.svc.cluster.local');
    assert.equal(claims.sub, 'system:serviceaccount:default:builder');
    assert.deepEqual(claims.aud, ['https://kubernetes.default.svc.cluster.local']);
    assert.equal((claims.exp as number) - (claims.iat as number), 3600);
    assert.equal(claims.nbf, claims.iat);
    const account = await k('get', 'serviceaccount', 'builder', '-o', 'jsonpath={.metadata.uid}');
    assert.deepEqual(claims['kubernetes.io'], { namespace: 'default', serviceaccount: { name: 'builder', uid: account.stdout } });

    const pods = await withToken(token, 'get', 'pods');
    assert.equal(pods.code, 0, pods.stderr);
  });

  it('refuses a tampered token with 401', async () => {
    const token = await createToken('builder');
    const [header = '', , signature = ''] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claimsOf(token), sub: 'system:serviceaccount:kube-system:admin' })).toString('base64url');
    const result = await withToken(`${header}.${forged}.${signature}`, 'get', 'pods');
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /Unauthorized|must be logged in/);
  });

  it('refuses tokens of a service account that was deleted, even once one of that name exists again', async () => {
    assert.equal((await k('create', 'serviceaccount', 'short-lived')).code, 0);
    const token = await createToken('short-lived');
    assert.equal((await withToken(token, 'get', 'pods')).code, 0);
    assert.equal((await k('delete', 'serviceaccount', 'short-lived')).code, 0);
    assert.equal((await k('create', 'serviceaccount', 'short-lived')).code, 0);
    const result = await withToken(token, 'get', 'pods');
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /Unauthorized|must be logged in/);
  });

  it('binds a token to a pod, and the token stops working when the pod is gone', async () => {
    assert.equal((await kubectl(plane.kubeconfig, ['apply', '-f', '-'], { stdin: podManifest('bound', '  serviceAccountName: builder\n') })).code, 0);
    const token = await createToken('builder', '--bound-object-kind', 'Pod', '--bound-object-name', 'bound');
    const uid = (await k('get', 'pod', 'bound', '-o', 'jsonpath={.metadata.uid}')).stdout;
    assert.deepEqual((claimsOf(token)['kubernetes.io'] as Record<string, unknown>).pod, { name: 'bound', uid });
    assert.equal((await withToken(token, 'get', 'pods')).code, 0);
    assert.equal((await k('delete', 'pod', 'bound', '--grace-period=0', '--force')).code, 0);
    assert.notEqual((await withToken(token, 'get', 'pods')).code, 0);
  });

  it('answers 404 for a service account that does not exist and 422 for a lifetime under ten minutes', async () => {
    const missing = await k('create', 'token', 'nobody');
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /serviceaccounts "nobody" not found/);
    const short = await k('create', 'token', 'builder', '--duration', '5m');
    assert.notEqual(short.code, 0);
    assert.match(short.stderr, /may not specify a duration less than 10 minutes/);
  });

  it('serves the issuer discovery document and a JWKS that verifies tokens', async () => {
    const configuration = JSON.parse((await k('get', '--raw', '/.well-known/openid-configuration')).stdout) as Record<string, unknown>;
    assert.equal(configuration.issuer, 'https://kubernetes.default.svc.cluster.local');
    assert.equal(configuration.jwks_uri, 'https://kubernetes.default.svc.cluster.local/openid/v1/jwks');
    const jwks = JSON.parse((await k('get', '--raw', '/openid/v1/jwks')).stdout) as { keys: (Record<string, string> & { kid: string })[] };
    const token = await createToken('builder', '--audience', 'vault');
    const [header = '', claims = '', signature = ''] = token.split('.');
    const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string };
    const jwk = jwks.keys.find((key) => key.kid === kid);
    assert.ok(jwk !== undefined, 'the token names a key of the JWKS');
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    assert.ok(verify('sha256', Buffer.from(`${header}.${claims}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url')));
    assert.deepEqual(claimsOf(token).aud, ['vault']);
    assert.notEqual((await withToken(token, 'get', 'pods')).code, 0, 'a token for another audience does not authenticate to the API');
  });
});

describe('the ServiceAccount admission', () => {
  it('shows serviceAccountName default and the kube-api-access volume in kubectl get pod -o yaml', async () => {
    assert.equal((await kubectl(plane.kubeconfig, ['apply', '-f', '-'], { stdin: podManifest('admitted') })).code, 0);
    const pod = parseYaml((await k('get', 'pod', 'admitted', '-o', 'yaml')).stdout) as {
      spec: { serviceAccountName: string; serviceAccount: string; volumes: { name: string; projected?: unknown }[]; containers: { volumeMounts: unknown[] }[] };
    };
    assert.equal(pod.spec.serviceAccountName, 'default');
    assert.equal(pod.spec.serviceAccount, 'default');
    const volume = pod.spec.volumes.find((candidate) => candidate.name.startsWith('kube-api-access-'));
    assert.ok(volume?.projected !== undefined);
    assert.deepEqual(pod.spec.containers[0]?.volumeMounts, [{ name: volume.name, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }]);
  });

  it('adds nothing to a pod that opts out with automountServiceAccountToken: false', async () => {
    assert.equal((await kubectl(plane.kubeconfig, ['apply', '-f', '-'], { stdin: podManifest('opted-out', '  automountServiceAccountToken: false\n') })).code, 0);
    const volumes = await k('get', 'pod', 'opted-out', '-o', 'jsonpath={.spec.volumes}');
    assert.equal(volumes.stdout, '');
  });
});
