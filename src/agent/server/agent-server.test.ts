import assert from 'node:assert/strict';
import { request } from 'node:https';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { streamingCertificates, type StreamingCertificates } from '../../../test/helpers/streaming-certificates.js';
import { silentLogger } from '../../util/logger.js';
import { SimulatedRuntime } from '../runtime/simulated/simulated-runtime.js';
import { NodeUsageReader } from '../stats/node-usage-reader.js';
import { type AgentServer, startAgentServer } from './agent-server.js';

const image = 'tugboat.local/busybox:agent-server';

interface Answer {
  readonly status: number;
  readonly body: string;
}

describe('the agent server', () => {
  let dir = '';
  let certificates: StreamingCertificates;
  let runtime: SimulatedRuntime;
  let server: AgentServer;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tug-agent-server-'));
    certificates = await streamingCertificates();
    runtime = new SimulatedRuntime({ images: [{ reference: image, cmd: ['sh'] }] });
    const nodeUsage = new NodeUsageReader({ cgroupRoot: new URL('../stats/testdata/cgroup-v1', import.meta.url).pathname });
    server = await startAgentServer({ runtime, caPem: certificates.caPem, host: '127.0.0.1', port: 0, logger: silentLogger, nodeUsage });
    const logDirectory = join(dir, 'default_web_uid-1');
    const labels = { 'io.kubernetes.pod.name': 'web', 'io.kubernetes.pod.namespace': 'default', 'io.kubernetes.pod.uid': 'uid-1' };
    const sandbox = { name: 'web', uid: 'uid-1', namespace: 'default', attempt: 0, logDirectory, labels };
    await mkdir(join(logDirectory, 'app'), { recursive: true });
    const sandboxId = await runtime.runPodSandbox(sandbox);
    for (const attempt of [0, 1]) {
      const id = await runtime.createContainer(
        sandboxId,
        {
          name: 'app',
          attempt,
          image,
          command: ['sh', '-c', `echo attempt ${attempt}`],
          logPath: `app/${attempt}.log`,
          labels: { ...labels, 'io.kubernetes.container.name': 'app' },
          annotations: { 'io.kubernetes.container.restartCount': String(attempt) },
        },
        sandbox,
      );
      await runtime.startContainer(id);
    }
  });

  after(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  function get(path: string, client?: { certPem: string; keyPem: string }): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const call = request(
        { host: '127.0.0.1', port: server.port, path, rejectUnauthorized: false, ...(client === undefined ? {} : { cert: client.certPem, key: client.keyPem }) },
        (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => {
            resolve({ status: response.statusCode ?? 0, body });
          });
        },
      );
      call.on('error', reject);
      call.end();
    });
  }

  it('answers 401 to a caller without a client certificate', async () => {
    assert.deepEqual(await get('/containerLogs/default/web/app'), { status: 401, body: 'Unauthorized' });
  });

  it('answers 401 to a client certificate the cluster CA did not sign', async () => {
    assert.equal((await get('/containerLogs/default/web/app', certificates.foreign)).status, 401);
  });

  it('answers 403 to anyone but the API server, even a cluster admin', async () => {
    const answer = await get('/containerLogs/default/web/app', certificates.admin);
    assert.equal(answer.status, 403);
    assert.equal(answer.body, 'Forbidden (user=tugboat-admin, verb=get, resource=nodes, subresource(s)=[log])');
  });

  it('serves the newest attempt of a container to the API server, and the one before with previous', async () => {
    assert.deepEqual(await get('/containerLogs/default/web/app', certificates.kubeletClient), { status: 200, body: 'attempt 1\n' });
    assert.deepEqual(await get('/containerLogs/default/web/app?previous=true', certificates.kubeletClient), { status: 200, body: 'attempt 0\n' });
  });

  it('says a container that never ran is waiting to start', async () => {
    assert.deepEqual(await get('/containerLogs/default/web/sidecar', certificates.kubeletClient), {
      status: 400,
      body: 'container "sidecar" in pod "web" is waiting to start: ContainerCreating',
    });
    assert.deepEqual(await get('/containerLogs/default/web/sidecar?previous=1', certificates.kubeletClient), {
      status: 400,
      body: 'previous terminated container "sidecar" in pod "web" not found',
    });
  });

  it('serves the node resource usage summary to the API server only', async () => {
    const forbidden = await get('/stats/resource', certificates.admin);
    assert.deepEqual(forbidden, { status: 403, body: 'Forbidden (user=tugboat-admin, verb=get, resource=nodes, subresource(s)=[stats])' });
    const answer = await get('/stats/resource', certificates.kubeletClient);
    assert.equal(answer.status, 200);
    const summary = JSON.parse(answer.body) as { node: { windowSeconds: number; cpu: { usageNanoCores: number }; memory: { workingSetBytes: number } }; pods: unknown[] };
    // The fixture's counters do not move: no CPU used over the window.
    assert.equal(summary.node.cpu.usageNanoCores, 0);
    assert.equal(summary.node.memory.workingSetBytes, 1795624960 - 684576768);
    assert.ok(summary.node.windowSeconds >= 1);
    assert.ok(Array.isArray(summary.pods));
  });

  it('answers 404 for paths it does not serve', async () => {
    assert.equal((await get('/pods', certificates.kubeletClient)).status, 404);
  });
});
