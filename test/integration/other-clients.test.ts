import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { kubectl } from '../helpers/kubectl.js';
import { runProcess } from '../helpers/run-process.js';
import { startTugServer, type RunningServer } from '../helpers/tug-server.js';

let server: RunningServer;
const KUBECTL_DIR = '/usr/lib/google-cloud-sdk/bin';

describe('other clients against tug server', () => {
  before(async () => {
    server = await startTugServer({ datastore: 'memory://' });
  });
  after(async () => {
    await server.stop();
  });

  for (const version of ['1.27', '1.33']) {
    it(`kubectl ${version} lists, creates, applies and deletes`, async () => {
      const binary = `${KUBECTL_DIR}/kubectl.${version}`;
      const k = (args: string[], stdin?: string) => kubectl(server.kubeconfig, args, { binary, ...(stdin === undefined ? {} : { stdin }) });
      const name = `smoke-${version.replace('.', '-')}`;
      assert.match((await k(['get', 'namespaces'])).stdout, /^default\s+Active/m);
      const created = await k(['create', 'configmap', name, '--from-literal=v=1']);
      assert.equal(created.stdout.trim(), `configmap/${name} created`, created.stderr);
      const manifest = (value: string) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-applied` }, data: { v: value } });
      assert.equal((await k(['apply', '-f', '-'], manifest('1'))).stdout.trim(), `configmap/${name}-applied created`);
      assert.equal((await k(['apply', '-f', '-'], manifest('2'))).stdout.trim(), `configmap/${name}-applied configured`);
      assert.equal((await k(['get', 'cm', `${name}-applied`, '-o', 'jsonpath={.data.v}'])).stdout, '2');
      assert.equal((await k(['delete', 'cm', name])).stdout.trim(), `configmap "${name}" deleted`);
    });
  }

  it('the official Python client lists, creates, watches and gets 404s', async () => {
    const script = new URL('../fixtures/python-client.py', import.meta.url).pathname;
    const result = await runProcess('/usr/bin/python3', [script, server.kubeconfig]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), [
      'namespaces default,kube-node-lease,kube-public,kube-system',
      'created from-python python',
      'watched MODIFIED from-python python3',
      'missing 404',
    ]);
  });
});
