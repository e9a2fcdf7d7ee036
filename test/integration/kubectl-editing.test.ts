import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { startEtcdCluster, type EtcdCluster } from '../helpers/etcd-cluster.js';
import { kubectl } from '../helpers/kubectl.js';
import { startTugServer, type RunningServer } from '../helpers/tug-server.js';

let server: RunningServer;
let scratch: string;
const k = (...args: string[]) => kubectl(server.kubeconfig, args);
const kIn = (stdin: string, ...args: string[]) => kubectl(server.kubeconfig, args, { stdin });

function deployment(webImage: string, extraContainer = true): string {
  const containers = [
    `      - name: web\n        image: ${webImage}\n        ports:\n        - containerPort: 80\n        env:\n        - name: MODE\n          value: fast`,
    ...(extraContainer ? ['      - name: log\n        image: fluent-bit:3'] : []),
  ];
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
${containers.join('\n')}
`;
}

for (const backend of ['sqlite', 'etcd'] as const) describe(`editing objects with kubectl on ${backend}`, () => {
  let etcd: EtcdCluster | undefined;
  before(async () => {
    etcd = backend === 'etcd' ? await startEtcdCluster({ members: 1 }) : undefined;
    server = await startTugServer(etcd === undefined ? {} : { datastore: `etcd://${etcd.endpoints.join(',')}` });
    scratch = await mkdtemp(join(tmpdir(), 'tug-kubectl-edit-'));
  });
  after(async () => {
    await server.stop();
    await rm(scratch, { recursive: true, force: true });
    await etcd?.stop();
  });

  it('re-applies a deployment, merging its containers by name', async () => {
    assert.equal((await kIn(deployment('nginx:1.26'), 'apply', '-f', '-')).stdout.trim(), 'deployment.apps/web created');
    const changed = await kIn(deployment('nginx:1.27'), 'apply', '-f', '-');
    assert.equal(changed.stdout.trim(), 'deployment.apps/web configured', changed.stderr);
    const images = await k('get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[*].image}');
    assert.equal(images.stdout, 'nginx:1.27 fluent-bit:3');
    const generation = await k('get', 'deploy', 'web', '-o', 'jsonpath={.metadata.generation}');
    assert.equal(generation.stdout, '2');
    const dropped = await kIn(deployment('nginx:1.27', false), 'apply', '-f', '-');
    assert.equal(dropped.code, 0, dropped.stderr);
    const names = await k('get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[*].name}');
    assert.equal(names.stdout, 'web', 'the container removed from the manifest is removed');
  });

  it('patches with strategic merge, JSON merge and JSON patch', async () => {
    const strategic = await k('patch', 'deploy', 'web', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"EXTRA","value":"1"}]}]}}}}');
    assert.equal(strategic.stdout.trim(), 'deployment.apps/web patched', strategic.stderr);
    const env = await k('get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].env[*].name}');
    assert.equal(env.stdout, 'MODE EXTRA');
    const merge = await k('patch', 'deploy', 'web', '--type', 'merge', '-p', '{"spec":{"replicas":5}}');
    assert.equal(merge.code, 0, merge.stderr);
    const json = await k('patch', 'deploy', 'web', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/replicas","value":3}]');
    assert.equal(json.code, 0, json.stderr);
    assert.equal((await k('get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}')).stdout, '3');
    const broken = await k('patch', 'deploy', 'web', '--type', 'json', '-p', '[{"op":"remove","path":"/spec/nothing/here"}]');
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /The request is invalid: .*path that does not exist/);
    assert.equal((await k('get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}')).stdout, '3', 'a failed patch changes nothing');
  });

  it('edits an object through KUBE_EDITOR', async () => {
    const editor = join(scratch, 'editor.sh');
    await writeFile(editor, '#!/bin/sh\nsed -i "s/replicas: 3/replicas: 4/" "$1"\n');
    await chmod(editor, 0o755);
    const result = await kubectl(server.kubeconfig, ['edit', 'deploy', 'web'], { env: { KUBE_EDITOR: editor } });
    assert.equal(result.stdout.trim(), 'deployment.apps/web edited', result.stderr);
    assert.equal((await k('get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}')).stdout, '4');
  });

  it('annotates and labels, and overwrites only when asked', async () => {
    assert.equal((await k('annotate', 'deploy', 'web', 'owner=team-a')).code, 0);
    const again = await k('annotate', 'deploy', 'web', 'owner=team-b');
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already has a value \(team-a\)/);
    assert.equal((await k('annotate', 'deploy', 'web', 'owner=team-b', '--overwrite')).code, 0);
    assert.equal((await k('get', 'deploy', 'web', '-o', 'jsonpath={.metadata.annotations.owner}')).stdout, 'team-b');
  });

  it('prints objects as YAML, wide tables and across all namespaces', async () => {
    const yaml = await k('get', 'deploy', 'web', '-o', 'yaml');
    assert.match(yaml.stdout, /^kind: Deployment$/m);
    assert.match(yaml.stdout, /^ {2}resourceVersion: "\d+"$/m);
    assert.match(yaml.stdout, /^ {2}uid: [0-9a-f-]{36}$/m);
    const all = await k('get', 'deployments', '-A');
    assert.match(all.stdout, /^NAMESPACE\s+NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m);
    assert.match(all.stdout, /^default\s+web\s+0\/4\s+0\s+0\s+\d+s$/m);
    const wide = await k('get', 'deployment', 'web', '-o', 'wide');
    assert.match(wide.stdout, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m);
    assert.match(wide.stdout, /^web\s+0\/4\s+0\s+0\s+\d+s\s+web\s+nginx:1\.27\s+app=web$/m);
  });

  it('streams changes to kubectl get --watch', async () => {
    const child = spawn('kubectl', ['--kubeconfig', server.kubeconfig, 'get', 'configmaps', '--watch', '-o', 'name'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      await kIn(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched' } }), 'create', '-f', '-');
      const seen: string[] = [];
      while (!seen.includes('configmap/watched')) {
        const next = await lines.next();
        if (next.done === true) break;
        seen.push(next.value);
      }
      assert.ok(seen.includes('configmap/watched'), `watch printed ${seen.join(', ')}`);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('waits for a deletion and explains fields', async () => {
    await kIn(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'doomed' } }), 'create', '-f', '-');
    const waiting = kubectl(server.kubeconfig, ['wait', '--for=delete', 'configmap/doomed', '--timeout=20s']);
    await k('delete', 'configmap', 'doomed');
    const waited = await waiting;
    assert.equal(waited.code, 0, waited.stderr);
    const explained = await k('explain', 'deployment.spec.strategy');
    assert.equal(explained.code, 0, explained.stderr);
    assert.match(explained.stdout, /FIELD: strategy <DeploymentStrategy>/);
    assert.match(explained.stdout, /rollingUpdate\s+<RollingUpdateDeployment>/);
  });

  it('refuses unknown fields with fieldValidation=Strict and warns with Warn', async () => {
    const typo = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'typo' }, data: { a: '1' }, spec: { replicas: 1 } });
    const strict = await kIn(typo, 'apply', '-f', '-');
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /strict decoding error: unknown field "spec"/);
    const warned = await kIn(typo, 'apply', '--validate=warn', '-f', '-');
    assert.equal(warned.code, 0, warned.stderr);
    assert.match(warned.stderr, /Warning: unknown field "spec"/);
    const stored = await k('get', 'cm', 'typo', '-o', 'json');
    assert.equal((JSON.parse(stored.stdout) as Record<string, unknown>).spec, undefined, 'the unknown field is not stored');
    const nested = await k('patch', 'deploy', 'web', '--type', 'merge', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"x","imagePolicy":"y"}]}}}}');
    assert.match(nested.stderr, /unknown field "spec\.template\.spec\.containers\[0\]\.imagePolicy"/);
  });

  it('scales a deployment through its scale subresource', async () => {
    const scaled = await k('scale', 'deploy', 'web', '--replicas=6');
    assert.equal(scaled.stdout.trim(), 'deployment.apps/web scaled', scaled.stderr);
    assert.equal((await k('get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}')).stdout, '6');
    const guarded = await k('scale', 'deploy', 'web', '--current-replicas=2', '--replicas=3');
    assert.equal(guarded.code, 1);
    assert.match(guarded.stderr, /Expected replicas to be 2, was 6/);
    const scale = await k('get', '--raw', '/apis/apps/v1/namespaces/default/deployments/web/scale');
    const parsed = JSON.parse(scale.stdout) as { kind: string; spec: { replicas: number }; status: { selector: string } };
    assert.deepEqual([parsed.kind, parsed.spec.replicas, parsed.status.selector], ['Scale', 6, 'app=web']);
  });

  it('refuses an update based on a stale resourceVersion with 409 Conflict', async () => {
    const current = JSON.parse((await k('get', 'deploy', 'web', '-o', 'json')).stdout) as { metadata: { resourceVersion: string } };
    await k('label', 'deploy', 'web', 'bump=1');
    const stale = { ...JSON.parse((await k('get', 'deploy', 'web', '-o', 'json')).stdout) as object, metadata: { ...current.metadata, name: 'web' } };
    const result = await kIn(JSON.stringify(stale), 'replace', '-f', '-');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Operation cannot be fulfilled on deployments\.apps "web": the object has been modified/);
  });
});
