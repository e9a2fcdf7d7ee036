import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ApiObject } from '../../src/api/object.js';
import { resourceOf } from '../../src/client/api-client.js';
import { eventually } from '../helpers/control-plane.js';
import { kubectl } from '../helpers/kubectl.js';
import { startStreamingApiServer, type StreamingApiServer } from '../helpers/streaming-api-server.js';
import { startStreamingNode, type StreamingContainer, type StreamingNode } from '../helpers/streaming-node.js';

const NODE = 'streaming-node';
const pods = resourceOf('v1', 'Pod');
const nodes = resourceOf('v1', 'Node');

/** A free loopback port for busybox httpd (the sandbox shares the node's network). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function fetchText(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    httpGet({ host: '127.0.0.1', port, path: '/index.html' }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => {
        resolve(body);
      });
    }).on('error', reject);
  });
}

describe('streaming through the API server to a real containerd', () => {
  let api: StreamingApiServer;
  let node: StreamingNode;
  /** What before() started, stopped in reverse order also when a later step fails. */
  const started: { stop(): Promise<void> }[] = [];
  let scratch = '';

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'tug-streaming-e2e-'));
    api = await startStreamingApiServer();
    started.push(api);
    node = await startStreamingNode(api.caPem);
    started.push(node);
    const created = await api.client.create(nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: NODE } });
    await api.client.update(
      nodes,
      {
        ...created,
        status: {
          addresses: [{ type: 'InternalIP', address: '127.0.0.1' }, { type: 'Hostname', address: NODE }],
          daemonEndpoints: { kubeletEndpoint: { Port: node.agentPort } },
        },
      },
      { subresource: 'status' },
    );
  });

  after(async () => {
    for (const component of started.reverse()) await component.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  async function runPod(name: string, containers: readonly StreamingContainer[], bound = true): Promise<void> {
    if (bound) await node.runPod(name, containers);
    const pod: ApiObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: {
        ...(bound ? { nodeName: NODE } : {}),
        containers: containers.map((container) => ({ name: container.name, image: 'tugboat.local/busybox:streaming', stdin: container.stdin ?? false })),
      },
    };
    const created = await api.client.create(pods, pod);
    await api.client.update(pods, { ...created, status: { phase: 'Running' } }, { subresource: 'status' });
  }

  const run = (args: readonly string[], stdin?: string) => kubectl(api.kubeconfig, args, stdin === undefined ? {} : { stdin });

  it('kubectl logs -f prints a container\'s output as it comes and ends when the container exits', async () => {
    await runPod('counter', [{ name: 'count', command: ['sh', '-c', 'for i in 1 2 3; do echo line $i; sleep 0.3; done'] }]);
    const result = await run(['logs', '-f', 'counter']);
    assert.equal(result.stderr, '');
    assert.equal(result.code, 0);
    assert.equal(result.stdout, 'line 1\nline 2\nline 3\n');
  });

  it('kubectl logs --tail and --timestamps print the last lines with their times', async () => {
    const tail = await run(['logs', 'counter', '--tail=1']);
    assert.equal(tail.stdout, 'line 3\n');
    const stamped = await run(['logs', 'counter', '--timestamps', '-c', 'count']);
    assert.match(stamped.stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d) line 1\n/);
    const since = await run(['logs', 'counter', '--since=1h']);
    assert.equal(since.stdout, 'line 1\nline 2\nline 3\n');
  });

  it('kubectl logs --previous prints the attempt before a restart', async () => {
    const restarting = { name: 'app', command: ['sh', '-c', 'echo first attempt'] };
    await runPod('restarter', [restarting]);
    await eventually('the first attempt exits', async () => ((await run(['logs', 'restarter'])).stdout === 'first attempt\n' ? true : undefined));
    const pod = (await node.runtime.listPodSandboxes({ labels: { 'io.kubernetes.pod.name': 'restarter' } }))[0];
    assert.ok(pod !== undefined);
    const second = { name: 'app', command: ['sh', '-c', 'echo second attempt'] };
    const restartedId = await node.runPodAttempt(pod.id, 'restarter', second, 1);
    await eventually('the second attempt exits', async () => ((await node.runtime.containerStatus(restartedId)).state === 'exited' ? true : undefined));
    assert.equal((await run(['logs', 'restarter'])).stdout, 'second attempt\n');
    assert.equal((await run(['logs', 'restarter', '--previous'])).stdout, 'first attempt\n');
  });

  it('kubectl logs reports what upstream reports for missing pods, containers and attempts', async () => {
    const missing = await run(['logs', 'nothing-here']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /pods "nothing-here" not found/);
    const noPrevious = await run(['logs', 'counter', '--previous']);
    assert.match(noPrevious.stderr, /previous terminated container "count" in pod "counter" not found/);
    const badContainer = await run(['logs', 'counter', '-c', 'nope']);
    assert.match(badContainer.stderr, /container nope is not valid for pod counter/);
  });

  it('kubectl exec prints the command\'s output and exits with its exit code, over WebSocket v5', async () => {
    await runPod('shell', [{ name: 'main', command: ['sleep', '3600'] }]);
    const result = await run(['exec', 'shell', '-v=7', '--', 'sh', '-c', 'echo hi; echo oops >&2; exit 3']);
    assert.equal(result.stdout, 'hi\n');
    assert.match(result.stderr, /oops/);
    assert.match(result.stderr, /The subprotocol is v5\.channel\.k8s\.io/);
    assert.doesNotMatch(result.stderr, /fallback/i);
    assert.equal(result.code, 3);
  });

  it('kubectl exec -i passes standard input to the command, up to its end', async () => {
    const result = await run(['exec', '-i', 'shell', '--', 'sh', '-c', 'cat; echo end of input'], 'hello\n');
    assert.equal(result.stdout, 'hello\nend of input\n');
    assert.equal(result.code, 0);
  });

  it('an older kubectl (1.27, SPDY) execs too, and sees the end of its standard input', async () => {
    const old = await kubectl(api.kubeconfig, ['exec', '-i', 'shell', '--', 'sh', '-c', 'cat; exit 4'], { stdin: 'all of it\n', binary: '/usr/lib/google-cloud-sdk/bin/kubectl.1.27' });
    assert.equal(old.stdout, 'all of it\n');
    assert.equal(old.code, 4);
  });

  it('kubectl cp copies a file into the container and back out', async () => {
    await runPod('files', [{ name: 'main', command: ['sleep', '3600'] }]);
    const local = join(scratch, 'greeting.txt');
    await writeFile(local, 'hello from the host\n');
    const copyIn = await run(['cp', local, 'default/files:/tmp/greeting.txt']);
    assert.equal(copyIn.code, 0, copyIn.stderr);
    assert.equal((await run(['exec', 'files', '--', 'cat', '/tmp/greeting.txt'])).stdout, 'hello from the host\n');
    const back = join(scratch, 'back.txt');
    const copyOut = await run(['cp', 'default/files:/tmp/greeting.txt', back]);
    assert.equal(copyOut.code, 0, copyOut.stderr);
    assert.equal(await readFile(back, 'utf8'), 'hello from the host\n');
  });

  it('kubectl port-forward carries HTTP requests to a server in the pod, tunnelling SPDY in a WebSocket', async () => {
    const port = await freePort();
    await runPod('web', [{ name: 'httpd', command: ['sh', '-c', `mkdir -p /www && echo served from the pod > /www/index.html && exec httpd -f -p 127.0.0.1:${port} -h /www`] }]);
    await eventually('httpd answers inside the pod', async () => {
      const probe = await run(['exec', 'web', '--', 'sh', '-c', `wget -q -O - http://127.0.0.1:${port}/index.html`]);
      return probe.code === 0 ? true : undefined;
    });
    const forward = spawn('kubectl', ['--kubeconfig', api.kubeconfig, 'port-forward', 'pod/web', `:${port}`, '-v=7'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      forward.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      forward.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const localPort = await eventually('kubectl listens', () => /Forwarding from 127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
      assert.equal(await fetchText(Number(localPort)), 'served from the pod\n');
      assert.equal(await fetchText(Number(localPort)), 'served from the pod\n', 'a second connection works too');
      assert.match(output, /negotiated protocol: portforward\.k8s\.io/);
      assert.doesNotMatch(output, /fallback/i);
    } finally {
      if (forward.pid !== undefined) process.kill(forward.pid, 'SIGTERM');
    }
  });

  it('kubectl attach -i joins the container\'s own standard streams', async () => {
    await runPod('waiter', [{ name: 'main', command: ['sh', '-c', 'read line; echo attached:$line'], stdin: true }]);
    const result = await run(['attach', '-i', 'waiter'], 'hello\n');
    assert.match(result.stdout, /attached:hello/);
  });

  it('exec into a pod that is not bound to a node is a bad request', async () => {
    await runPod('unbound', [{ name: 'main', command: ['true'] }], false);
    const result = await run(['exec', 'unbound', '--', 'true']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /pod unbound does not have a host assigned/);
  });
});
