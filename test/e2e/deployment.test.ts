import assert from 'node:assert/strict';
import { get } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Pod } from '../../src/api/kinds.js';
import { resourceOf } from '../../src/client/api-client.js';
import { deploymentController } from '../../src/controllers/deployment/deployment-controller.js';
import { replicaSetController } from '../../src/controllers/replicaset/replica-set-controller.js';
import { startAgentTestCluster, type AgentTestCluster } from '../helpers/agent-node.js';
import { eventually } from '../helpers/control-plane.js';
import { kubectl } from '../helpers/kubectl.js';
import { startLocalRegistry, type LocalRegistry } from '../helpers/local-registry.js';
import { HTTPD_INDEX_HTML, HTTPD_PORT, pushTestImages } from '../helpers/test-images.js';

const PODS = resourceOf('v1', 'Pod');

function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = get(url, { timeout: 2000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        resolve(body);
      });
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
  });
}

function deployment(image: string): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: httpd
        image: ${image}
        ports: [{containerPort: ${HTTPD_PORT}}]
        readinessProbe:
          httpGet: {path: /, port: ${HTTPD_PORT}}
          periodSeconds: 1
        volumeMounts: [{name: settings, mountPath: /etc/settings}]
      volumes:
      - name: settings
        configMap: {name: settings}
`;
}

describe('a Deployment from a registry on a real node', { timeout: 300_000 }, () => {
  let registry: LocalRegistry;
  let cluster: AgentTestCluster;
  const run = async (args: string[], stdin?: string) => {
    const result = await kubectl(cluster.plane.kubeconfig, args, stdin === undefined ? {} : { stdin });
    assert.equal(result.code, 0, `kubectl ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };

  before(async () => {
    registry = await startLocalRegistry();
    cluster = await startAgentTestCluster({ controllers: [deploymentController, replicaSetController] });
  });
  after(async () => {
    await cluster.stop();
    await registry.stop();
  });

  it('pulls its image from the registry, becomes available, and every pod answers HTTP from the node', async () => {
    const images = await pushTestImages(registry);
    await run(['create', 'configmap', 'settings', '--from-literal=mode=blue']);
    await run(['apply', '-f', '-'], deployment(images.httpd));
    await run(['rollout', 'status', 'deployment/web', '--timeout=120s']);
    const { items } = await cluster.plane.client.list<Pod>(PODS, { namespace: 'default', labelSelector: 'app=web' });
    assert.equal(items.length, 2);
    for (const pod of items) {
      assert.equal(pod.status?.phase, 'Running');
      const body = await httpGet(`http://${pod.status.podIP ?? ''}:${HTTPD_PORT}/`);
      assert.equal(body, HTTPD_INDEX_HTML);
    }
  });

  it('a changed ConfigMap reaches the file mounted in the running containers', async () => {
    const pod = (await run(['get', 'pods', '-l', 'app=web', '-o', 'name'])).trim().split('\n')[0] ?? '';
    assert.equal(await run(['exec', pod, '--', 'cat', '/etc/settings/mode']), 'blue');
    await run(['patch', 'configmap', 'settings', '--type=merge', '-p', '{"data":{"mode":"green"}}']);
    await eventually('the mounted file to change', async () => {
      const mode = await run(['exec', pod, '--', 'cat', '/etc/settings/mode']);
      return mode === 'green' ? true : undefined;
    }, 90_000);
  });
});
