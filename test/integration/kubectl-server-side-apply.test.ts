import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { kubectl } from '../helpers/kubectl.js';
import { startTugServer, type RunningServer } from '../helpers/tug-server.js';

let server: RunningServer;
const k = (...args: string[]) => kubectl(server.kubeconfig, args);
const kIn = (stdin: string, ...args: string[]) => kubectl(server.kubeconfig, args, { stdin });

const deployment = (replicas: number, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
      - name: api
        image: ${image}
`;

describe('kubectl apply --server-side', () => {
  before(async () => {
    server = await startTugServer({ datastore: 'memory://' });
  });
  after(async () => {
    await server.stop();
  });

  it('creates an object and records its field manager', async () => {
    const created = await kIn(deployment(2, 'api:1'), 'apply', '--server-side', '-f', '-');
    assert.equal(created.stdout.trim(), 'deployment.apps/api serverside-applied', created.stderr);
    const managers = await k('get', 'deploy', 'api', '--show-managed-fields', '-o', 'jsonpath={.metadata.managedFields[*].manager}/{.metadata.managedFields[*].operation}');
    assert.equal(managers.stdout, 'kubectl/Apply');
  });

  it('refuses a conflicting change from another manager unless forced', async () => {
    const scaled = await k('scale', 'deploy', 'api', '--replicas=5');
    assert.equal(scaled.code, 0, scaled.stderr);
    const conflict = await kIn(deployment(3, 'api:1'), 'apply', '--server-side', '-f', '-');
    assert.equal(conflict.code, 1);
    assert.match(conflict.stderr, /Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps\/v1: \.spec\.replicas|conflict with "kubectl-scale"/);
    assert.equal((await k('get', 'deploy', 'api', '-o', 'jsonpath={.spec.replicas}')).stdout, '5');
    const forced = await kIn(deployment(3, 'api:2'), 'apply', '--server-side', '--force-conflicts', '-f', '-');
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal((await k('get', 'deploy', 'api', '-o', 'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}')).stdout, '3 api:2');
  });

  it('applies as a second manager without touching the first manager\'s fields', async () => {
    const labels = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels: {team: payments}
`;
    const applied = await kIn(labels, 'apply', '--server-side', '--field-manager=labeler', '-f', '-');
    assert.equal(applied.code, 0, applied.stderr);
    const state = await k('get', 'deploy', 'api', '-o', 'jsonpath={.metadata.labels.team} {.spec.replicas} {.spec.template.spec.containers[0].image}');
    assert.equal(state.stdout, 'payments 3 api:2');
  });
});
