import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { it } from 'node:test';
import { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import { identityFromCertificate } from './client-identity.js';
import { ensureClusterCredentials } from './cluster-credentials.js';
import { renderKubeconfig, writeKubeconfig } from './kubeconfig.js';

const kubectlBinary = process.env.KUBECTL ?? 'kubectl';

async function withTempDir(body: (directory: string) => Promise<void>): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'tugboat-kubeconfig-'));
  try {
    await body(directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

async function kubectl(kubeconfig: string, args: readonly string[]): Promise<string> {
  // The cache directory sits beside the kubeconfig so kubectl writes nothing under $HOME.
  const cacheDir = join(dirname(kubeconfig), 'kube-cache');
  const { stdout } = await promisify(execFile)(kubectlBinary, ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], {
    timeout: 60_000,
    env: { ...process.env, KUBECONFIG: '' },
  });
  return stdout;
}

it('renders a kubeconfig with the cluster, the user and a current context', () => {
  const content = renderKubeconfig({ serverUrl: 'https://127.0.0.1:6443', caCertPem: 'CA', clientCertPem: 'CERT', clientKeyPem: 'KEY' });
  assert.deepEqual(parse(content), {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: 'tugboat', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': 'Q0E=' } }],
    users: [{ name: 'admin', user: { 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ' } }],
    contexts: [{ name: 'tugboat', context: { cluster: 'tugboat', user: 'admin' } }],
    'current-context': 'tugboat',
  });
});

it('kubectl reads the kubeconfig it is given', async () => {
  await withTempDir(async (directory) => {
    const credentials = await ensureClusterCredentials({ dataDir: directory, hostnames: ['localhost'], ipAddresses: ['127.0.0.1'] });
    const path = join(directory, 'kubeconfig.yaml');
    const content = renderKubeconfig({
      serverUrl: 'https://127.0.0.1:6443',
      caCertPem: credentials.caCertPem,
      clientCertPem: credentials.adminCertPem,
      clientKeyPem: credentials.adminKeyPem,
      clusterName: 'harbour',
      userName: 'captain',
      contextName: 'harbour-captain',
    });
    await writeKubeconfig(path, content);

    const server = await kubectl(path, ['config', 'view', '--raw', '-o', 'jsonpath={.clusters[0].cluster.server}']);
    assert.equal(server, 'https://127.0.0.1:6443');
    const caData = await kubectl(path, ['config', 'view', '--raw', '-o', "jsonpath={.clusters[0].cluster.certificate-authority-data}"]);
    assert.equal(Buffer.from(caData, 'base64').toString(), credentials.caCertPem);
    assert.equal((await kubectl(path, ['config', 'current-context'])).trim(), 'harbour-captain');
  });
});

it('writeKubeconfig replaces the file atomically, readable only by its owner', async () => {
  await withTempDir(async (directory) => {
    const path = join(directory, 'kubeconfig.yaml');
    await writeFile(path, 'old', { mode: 0o644 });
    await writeKubeconfig(path, 'new');
    assert.equal(await readFile(path, 'utf8'), 'new');
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.deepEqual(await readdir(directory), ['kubeconfig.yaml'], 'no temporary file is left');
  });
});

it('kubectl trusts the serving certificate and authenticates with the admin certificate', async () => {
  await withTempDir(async (directory) => {
    const credentials = await ensureClusterCredentials({ dataDir: directory, hostnames: ['localhost'], ipAddresses: ['127.0.0.1'] });
    const server = createServer(
      {
        cert: credentials.servingCertPem,
        key: credentials.servingKeyPem,
        ca: credentials.caCertPem,
        requestCert: true,
        rejectUnauthorized: false,
      },
      (request, response) => {
        const socket = request.socket;
        const authorized = socket instanceof TLSSocket && socket.authorized;
        const identity = authorized ? identityFromCertificate(socket.getPeerCertificate()) : undefined;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ path: request.url, identity }));
      },
    );
    try {
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const { port } = server.address() as AddressInfo;
      for (const host of ['127.0.0.1', 'localhost']) {
        const path = join(directory, `kubeconfig-${host}.yaml`);
        const content = renderKubeconfig({
          serverUrl: `https://${host}:${port}`,
          caCertPem: credentials.caCertPem,
          clientCertPem: credentials.adminCertPem,
          clientKeyPem: credentials.adminKeyPem,
        });
        await writeKubeconfig(path, content);
        const reply = JSON.parse(await kubectl(path, ['get', '--raw', '/whoami'])) as unknown;
        assert.deepEqual(reply, { path: '/whoami', identity: { user: 'tugboat-admin', groups: ['system:masters'] } }, host);
      }
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
