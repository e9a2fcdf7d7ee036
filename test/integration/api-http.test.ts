import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { startTugServer, type RunningServer } from '../helpers/tug-server.js';

let server: RunningServer;
let credentials: { ca: Buffer; cert: Buffer; key: Buffer };

interface Reply {
  readonly code: number;
  readonly body: string;
  readonly json: Record<string, unknown>;
}

/** One HTTPS request to the server as the admin, collecting the whole reply. */
function call(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, ...credentials, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          // not JSON (e.g. a watch stream); callers read `body`
        }
        resolve({ code: res.statusCode ?? 0, body: text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const configMaps = '/api/v1/namespaces/default/configmaps';

describe('the API over HTTPS', () => {
  before(async () => {
    server = await startTugServer({ extraArgs: ['--compaction-interval', '1s'] });
    const config = parseYaml(await readFile(server.kubeconfig, 'utf8')) as {
      clusters: { cluster: Record<string, string> }[];
      users: { user: Record<string, string> }[];
    };
    const b64 = (value: string | undefined) => Buffer.from(value ?? '', 'base64');
    credentials = {
      ca: b64(config.clusters[0]?.cluster['certificate-authority-data']),
      cert: b64(config.users[0]?.user['client-certificate-data']),
      key: b64(config.users[0]?.user['client-key-data']),
    };
  });
  after(async () => {
    await server.stop();
  });

  it('answers malformed JSON with 400 BadRequest and stores nothing', async () => {
    const reply = await call('POST', configMaps, '{"apiVersion": "v1", "kind": ');
    assert.equal(reply.code, 400);
    assert.equal(reply.json.reason, 'BadRequest');
    assert.match(String(reply.json.message), /json parse error/);
    const list = await call('GET', configMaps);
    assert.deepEqual(list.json.items, []);
  });

  it('answers a kind that does not match the URL with 400', async () => {
    const reply = await call('POST', configMaps, JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }));
    assert.equal(reply.code, 400);
    assert.match(String(reply.json.message), /the kind in the data \(Secret\) does not match the expected kind \(ConfigMap\)/);
  });

  it('answers unknown resources and groups with 404', async () => {
    assert.equal((await call('GET', '/api/v1/namespaces/default/widgets')).code, 404);
    assert.equal((await call('GET', '/apis/example.com/v1')).code, 404);
  });

  it('refuses bodies over 3 MiB with 413', async () => {
    const huge = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'huge' }, data: { x: 'a'.repeat(3 * 1024 * 1024) } });
    const reply = await call('POST', configMaps, huge);
    assert.equal(reply.code, 413);
    assert.equal(reply.json.reason, 'RequestEntityTooLarge');
  });

  it('reports every metadata problem with its field path in a 422', async () => {
    const reply = await call('POST', configMaps, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad', labels: { 'bad key!': 'v' } } }));
    assert.equal(reply.code, 422);
    assert.equal(reply.json.reason, 'Invalid');
    const causes = (reply.json.details as { causes: { field: string; reason: string }[] }).causes;
    assert.deepEqual(causes.map((cause) => cause.field).sort(), ['metadata.labels', 'metadata.name']);
  });

  it('deletes a collection by label selector, leaving other objects', async () => {
    for (const [name, tier] of [['c1', 'cache'], ['c2', 'cache'], ['d1', 'db']] as const) {
      await call('POST', configMaps, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { tier } } }));
    }
    const reply = await call('DELETE', `${configMaps}?labelSelector=tier%3Dcache`);
    assert.equal(reply.code, 200);
    assert.deepEqual((reply.json.items as { metadata: { name: string } }[]).map((item) => item.metadata.name), ['c1', 'c2']);
    const left = await call('GET', `${configMaps}?labelSelector=tier`);
    assert.deepEqual((left.json.items as { metadata: { name: string } }[]).map((item) => item.metadata.name), ['d1']);
  });

  it('binds a pod to a node once through the binding subresource', async () => {
    const pods = '/api/v1/namespaces/default/pods';
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bound' }, spec: { containers: [{ name: 'main', image: 'busybox' }] } };
    assert.equal((await call('POST', pods, JSON.stringify(pod))).code, 201);
    const binding = (node: string) => JSON.stringify({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bound' }, target: { kind: 'Node', name: node } });
    const first = await call('POST', `${pods}/bound/binding`, binding('node-a'));
    assert.equal(first.code, 201, first.body);
    const read = await call('GET', `${pods}/bound`);
    assert.equal((read.json.spec as { nodeName: string }).nodeName, 'node-a');
    const conditions = (read.json.status as { conditions: { type: string; status: string }[] }).conditions;
    assert.deepEqual(
      conditions.filter((condition) => condition.type === 'PodScheduled').map((condition) => condition.status),
      ['True'],
      'binding marks the pod scheduled',
    );
    const second = await call('POST', `${pods}/bound/binding`, binding('node-b'));
    assert.equal(second.code, 409);
    assert.match(String(second.json.message), /is already assigned to node "node-a"/);
  });

  it('evicts a pod unless a disruption budget that selects it allows no disruption', async () => {
    const pods = '/api/v1/namespaces/default/pods';
    for (const [name, app] of [['free', 'batch'], ['guarded', 'db']] as const) {
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app } }, spec: { containers: [{ name: 'main', image: 'busybox' }] } };
      assert.equal((await call('POST', pods, JSON.stringify(pod))).code, 201);
    }
    const budget = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'db' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'db' } } } };
    assert.equal((await call('POST', '/apis/policy/v1/namespaces/default/poddisruptionbudgets', JSON.stringify(budget))).code, 201);
    const eviction = (name: string) => JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name } });
    const refused = await call('POST', `${pods}/guarded/eviction`, eviction('guarded'));
    assert.equal(refused.code, 429);
    assert.match(String(refused.json.message), /would violate the pod's disruption budget/);
    assert.equal((await call('GET', `${pods}/guarded`)).code, 200, 'the guarded pod is still there');
    const evicted = await call('POST', `${pods}/free/eviction`, eviction('free'));
    assert.equal(evicted.code, 201, evicted.body);
    assert.equal((await call('GET', `${pods}/free`)).code, 404);
  });

  it('serves aggregated discovery, OpenAPI v3 and Prometheus metrics', async () => {
    const aggregated = await call('GET', '/apis', undefined, { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' });
    assert.equal(aggregated.json.kind, 'APIGroupDiscoveryList');
    const index = await call('GET', '/openapi/v3');
    const paths = index.json.paths as Record<string, { serverRelativeURL: string } | undefined>;
    const appsV1 = paths['apis/apps/v1'];
    assert.ok(appsV1 !== undefined);
    const document = await call('GET', appsV1.serverRelativeURL);
    assert.equal(document.code, 200);
    const metrics = await call('GET', '/metrics');
    assert.match(metrics.body, /^apiserver_request_total\{verb="LIST",resource="configmaps",code="200"\} \d+$/m);
  });

  it('resumes a watch from a resourceVersion and reports 410 Expired once it is compacted', async () => {
    const created = await call('POST', configMaps, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'versions' }, data: { v: '0' } }));
    const firstVersion = (created.json.metadata as { resourceVersion: string }).resourceVersion;
    await call('PATCH', `${configMaps}/versions`, JSON.stringify({ data: { v: '1' } }), { 'content-type': 'application/merge-patch+json' });
    const resumed = await call('GET', `${configMaps}?watch=true&resourceVersion=${firstVersion}&timeoutSeconds=1`);
    const events = resumed.body.trim().split('\n').map((line) => JSON.parse(line) as { type: string; object: { data?: { v: string } } });
    assert.deepEqual(events.map((event) => `${event.type} ${event.object.data?.v ?? ''}`), ['MODIFIED 1']);

    for (let i = 2; i < 5; i++) {
      await call('PATCH', `${configMaps}/versions`, JSON.stringify({ data: { v: String(i) } }), { 'content-type': 'application/merge-patch+json' });
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
    const expired = await call('GET', `${configMaps}?watch=true&resourceVersion=${firstVersion}&timeoutSeconds=1`);
    const [error] = expired.body.trim().split('\n').map((line) => JSON.parse(line) as { type: string; object: { code: number; reason: string } });
    assert.equal(error?.type, 'ERROR');
    assert.deepEqual([error.object.code, error.object.reason], [410, 'Expired']);
    const exact = await call('GET', `${configMaps}?resourceVersion=${firstVersion}&resourceVersionMatch=Exact`);
    assert.equal(exact.code, 410);
  });
});
