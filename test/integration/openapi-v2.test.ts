import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { kubectl } from '../helpers/kubectl.js';
import { startTugServer, type RunningServer } from '../helpers/tug-server.js';

let server: RunningServer;
const KUBECTL_127 = '/usr/lib/google-cloud-sdk/bin/kubectl.1.27';
/** kubectl 1.27 reads /openapi/v2 (protobuf) before apply, create and explain, with validation on. */
const k127 = (args: string[], stdin?: string) => kubectl(server.kubeconfig, args, { binary: KUBECTL_127, ...(stdin === undefined ? {} : { stdin }) });

const deployment = (options: { name: string; replicas: number; env: Record<string, string>; extraSpec?: string }) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${options.name}
spec:
  replicas: ${options.replicas}${options.extraSpec ?? ''}
  selector:
    matchLabels: {app: ${options.name}}
  template:
    metadata:
      labels: {app: ${options.name}}
    spec:
      containers:
      - name: web
        image: nginx:1.25
        env:
${Object.entries(options.env).map(([name, value]) => `        - {name: ${name}, value: "${value}"}`).join('\n')}
`;

type Json = Record<string, unknown>;
const at = (value: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((current, key) => (current as Json | undefined)?.[key], value);

describe('/openapi/v2 for kubectl before 1.28', () => {
  before(async () => {
    server = await startTugServer({ datastore: 'memory://' });
  });
  after(async () => {
    await server.stop();
  });

  it('serves a Swagger 2.0 document with upstream definition names, extensions and PATCH operations', async () => {
    const result = await k127(['get', '--raw', '/openapi/v2']);
    assert.equal(result.code, 0, result.stderr);
    const document = JSON.parse(result.stdout) as Json;
    assert.equal(document.swagger, '2.0');
    assert.deepEqual(at(document, 'definitions', 'io.k8s.api.apps.v1.Deployment', 'x-kubernetes-group-version-kind'), [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    const containers = at(document, 'definitions', 'io.k8s.api.core.v1.PodSpec', 'properties', 'containers') as Json;
    assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
    assert.equal(containers['x-kubernetes-patch-strategy'], 'merge');
    assert.deepEqual(at(containers, 'items'), { $ref: '#/definitions/io.k8s.api.core.v1.Container' });
    const patch = at(document, 'paths', '/apis/apps/v1/namespaces/{namespace}/deployments/{name}', 'patch') as Json;
    assert.ok((patch.consumes as string[]).includes('application/strategic-merge-patch+json'));
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: 'apps', kind: 'Deployment', version: 'v1' });
    assert.ok((patch.parameters as Json[]).some((parameter) => parameter.name === 'fieldValidation'));
  });

  it('kubectl 1.27 applies with default validation, then three-way merges a change', async () => {
    const first = await k127(['apply', '-f', '-'], deployment({ name: 'shop', replicas: 1, env: { MODE: 'a', COLOR: 'red' } }));
    assert.equal(first.stdout.trim(), 'deployment.apps/shop created', first.stderr);
    const second = await k127(['apply', '-f', '-'], deployment({ name: 'shop', replicas: 3, env: { MODE: 'b' } }));
    assert.equal(second.stdout.trim(), 'deployment.apps/shop configured', second.stderr);
    const got = await k127(['get', 'deployment', 'shop', '-o', 'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].env}']);
    assert.equal(got.stdout, '3 [{"name":"MODE","value":"b"}]');
  });

  it('kubectl 1.27 creates from a file with default validation', async () => {
    const result = await k127(['create', '-f', '-'], deployment({ name: 'cart', replicas: 1, env: { MODE: 'a' } }));
    assert.equal(result.stdout.trim(), 'deployment.apps/cart created', result.stderr);
  });

  it('kubectl 1.27 refuses a manifest with an unknown field and creates nothing', async () => {
    const result = await k127(['create', '-f', '-'], deployment({ name: 'typo', replicas: 1, env: { MODE: 'a' }, extraSpec: '\n  replicaz: 2' }));
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /unknown field "spec\.replicaz"/);
    assert.match((await k127(['get', 'deployment', 'typo'])).stderr, /NotFound|not found/);
  });

  it('kubectl 1.27 explains deployment.spec from the v3 and the v2 document', async () => {
    const v3 = await k127(['explain', 'deployment.spec']);
    assert.equal(v3.code, 0, v3.stderr);
    assert.match(v3.stdout, /^FIELD: spec <DeploymentSpec>/m);
    assert.match(v3.stdout, /^ {2}strategy\t<DeploymentStrategy>/m);
    const v2 = await k127(['explain', 'deployment.spec', '--output=plaintext-openapiv2']);
    assert.equal(v2.code, 0, v2.stderr);
    assert.match(v2.stdout, /^RESOURCE: spec <Object>/m);
    assert.match(v2.stdout, /^ {3}template\t<Object> -required-/m);
    assert.match(v2.stdout, /Template describes the pods that will be created/);
  });
});
