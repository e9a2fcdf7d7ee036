import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { startEtcdCluster, type EtcdCluster } from '../helpers/etcd-cluster.js';
import { kubectl } from '../helpers/kubectl.js';
import { startTugServer, type RunningServer } from '../helpers/tug-server.js';

let server: RunningServer;
/** The datastore of the suite being run: SQLite (the default) or a real etcd. */
let datastore: string | undefined;
const k = (...args: string[]) => kubectl(server.kubeconfig, args);
const kIn = (stdin: string, ...args: string[]) => kubectl(server.kubeconfig, args, { stdin });

async function caOf(kubeconfigPath: string): Promise<Buffer> {
  const config = parseYaml(await readFile(kubeconfigPath, 'utf8')) as { clusters: { cluster: Record<string, string> }[] };
  return Buffer.from(config.clusters[0]?.cluster['certificate-authority-data'] ?? '', 'base64');
}

/** A request with no client credentials, trusting the cluster CA. */
async function anonymousGet(path: string): Promise<{ code: number; body: string }> {
  const ca = await caOf(server.kubeconfig);
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { ca }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => {
        resolve({ code: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const configMap = (value: string) => `
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: default
  labels:
    app: web
data:
  mode: ${value}
`;

for (const backend of ['sqlite', 'etcd'] as const) describe(`kubectl against tug server on ${backend}`, () => {
  let etcd: EtcdCluster | undefined;
  before(async () => {
    if (backend === 'etcd') {
      etcd = await startEtcdCluster({ members: 1 });
      datastore = `etcd://${etcd.endpoints.join(',')}`;
    } else {
      datastore = undefined;
    }
    server = await startTugServer(datastore === undefined ? {} : { datastore });
  });
  after(async () => {
    await server.stop();
    // The restart test hands the data dir to a second server, which leaves it in place.
    await rm(server.dataDir, { recursive: true, force: true });
    await etcd?.stop();
  });

  it('reports a Kubernetes 1.32 server version', async () => {
    const result = await k('version', '-o', 'json');
    assert.equal(result.code, 0, result.stderr);
    const version = JSON.parse(result.stdout) as { serverVersion: { major: string; minor: string } };
    assert.deepEqual([version.serverVersion.major, version.serverVersion.minor], ['1', '32']);
  });

  it('lists the system namespaces', async () => {
    const result = await k('get', 'namespaces');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^NAME\s+STATUS\s+AGE$/m);
    for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      assert.match(result.stdout, new RegExp(`^${name}\\s+Active\\s+\\d+s$`, 'm'));
    }
  });

  it('lists resources with their short names', async () => {
    const result = await k('api-resources');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    assert.match(result.stdout, /^configmaps\s+cm\s+v1\s+true\s+ConfigMap$/m);
    assert.match(result.stdout, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
  });

  it('creates, reads, labels and deletes a configmap', async () => {
    const manifest = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'literal' }, data: { color: 'blue', size: '10' } });
    const created = await kIn(manifest, 'create', '-f', '-');
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout.trim(), 'configmap/literal created');
    const color = await k('get', 'configmap', 'literal', '-o', 'jsonpath={.data.color}');
    assert.equal(color.stdout, 'blue');
    const table = await k('get', 'cm', 'literal');
    assert.match(table.stdout, /^NAME\s+DATA\s+AGE\nliteral\s+2\s+\d+s\n$/);
    const labeled = await k('label', 'configmap', 'literal', 'tier=cache');
    assert.equal(labeled.code, 0, labeled.stderr);
    assert.equal((await k('get', 'cm', '-l', 'tier=cache', '-o', 'name')).stdout.trim(), 'configmap/literal');
    assert.equal((await k('get', 'cm', '-l', 'tier=db', '-o', 'name')).stdout.trim(), '');
    const deleted = await k('delete', 'configmap', 'literal');
    assert.equal(deleted.stdout.trim(), 'configmap "literal" deleted');
    const gone = await k('get', 'configmap', 'literal');
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /Error from server \(NotFound\): configmaps "literal" not found/);
  });

  it('applies a manifest, then applies a change to it', async () => {
    const first = await kIn(configMap('fast'), 'apply', '-f', '-');
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout.trim(), 'configmap/settings created');
    const second = await kIn(configMap('safe'), 'apply', '-f', '-');
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout.trim(), 'configmap/settings configured');
    assert.equal((await k('get', 'cm', 'settings', '-o', 'jsonpath={.data.mode}')).stdout, 'safe');
    const unchanged = await kIn(configMap('safe'), 'apply', '-f', '-');
    assert.equal(unchanged.stdout.trim(), 'configmap/settings unchanged');
  });

  it('creates objects with kubectl create subcommands (protobuf request bodies)', async () => {
    const configMap = await k('create', 'configmap', 'typed', '--from-literal=color=green');
    assert.equal(configMap.stdout.trim(), 'configmap/typed created', configMap.stderr);
    assert.equal((await k('get', 'cm', 'typed', '-o', 'jsonpath={.data.color}')).stdout, 'green');
    const secret = await k('create', 'secret', 'generic', 'token', '--from-literal=key=s3cret');
    assert.equal(secret.stdout.trim(), 'secret/token created', secret.stderr);
    assert.equal((await k('get', 'secret', 'token', '-o', 'jsonpath={.data.key}')).stdout, Buffer.from('s3cret').toString('base64'));
    const namespace = await k('create', 'namespace', 'team-a');
    assert.equal(namespace.stdout.trim(), 'namespace/team-a created', namespace.stderr);
    const deployment = await k('create', 'deployment', 'api', '--image=nginx:1.27', '--replicas=2', '-n', 'team-a');
    assert.equal(deployment.stdout.trim(), 'deployment.apps/api created', deployment.stderr);
    assert.equal((await k('get', 'deploy', 'api', '-n', 'team-a', '-o', 'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}')).stdout, '2 nginx:1.27');
  });

  it('refuses an invalid name with the field path and reason', async () => {
    const result = await kIn(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name' } }), 'create', '-f', '-');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
  });

  it('refuses objects in a namespace that does not exist', async () => {
    const result = await kIn(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'orphan' } }), 'create', '-n', 'nowhere', '-f', '-');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /namespaces "nowhere" not found/);
  });

  it('answers 401 to a request without credentials, but serves health checks', async () => {
    const denied = await anonymousGet('/api/v1/namespaces');
    assert.equal(denied.code, 401);
    assert.equal((JSON.parse(denied.body) as { reason: string }).reason, 'Unauthorized');
    const health = await anonymousGet('/readyz');
    assert.deepEqual(health, { code: 200, body: 'ok' });
  });

  it('keeps objects and credentials across a restart', async () => {
    await kIn(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'durable' }, data: { x: '1' } }), 'create', '-f', '-');
    const before = await readFile(server.kubeconfig, 'utf8');
    await server.stop({ keepData: true });
    server = await startTugServer({ dataDir: server.dataDir, ...(datastore === undefined ? {} : { datastore }) });
    const after = await readFile(server.kubeconfig, 'utf8');
    assert.equal(await caOf(server.kubeconfig).then((ca) => ca.toString()), await Promise.resolve(Buffer.from(parseCa(before), 'base64').toString()));
    assert.notEqual(after, '');
    const result = await k('get', 'cm', 'durable', '-o', 'jsonpath={.data.x}');
    assert.equal(result.stdout, '1', result.stderr);
  });
});

function parseCa(kubeconfig: string): string {
  const config = parseYaml(kubeconfig) as { clusters: { cluster: Record<string, string> }[] };
  return config.clusters[0]?.cluster['certificate-authority-data'] ?? '';
}
