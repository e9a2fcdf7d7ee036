import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { connect, createServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { CertificateIssuer } from './certificate-issuer.js';
import { identityFromCertificate } from './client-identity.js';
import { ensureClusterCredentials } from './cluster-credentials.js';
import type { ClusterCredentials } from './cluster-credentials.js';

interface ServerView {
  readonly authorized: boolean;
  readonly identity: ReturnType<typeof identityFromCertificate>;
}

async function withTwoClusters(body: (cluster: ClusterCredentials, other: ClusterCredentials) => Promise<void>): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tugboat-pki-'));
  try {
    const options = { hostnames: ['localhost'], ipAddresses: ['127.0.0.1'] };
    const cluster = await ensureClusterCredentials({ ...options, dataDir: join(dataDir, 'cluster') });
    const other = await ensureClusterCredentials({ ...options, dataDir: join(dataDir, 'other') });
    await body(cluster, other);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * Serves `credentials` on 127.0.0.1 the way the API server does (client certificates
 * requested, checked against the CA, but not required) and connects one client that
 * trusts only the CA certificate `client.ca`.
 */
async function handshake(
  credentials: ClusterCredentials,
  client: { ca: string; cert: string; key: string; servername?: string },
): Promise<{ clientTrustsServer: boolean; server: ServerView }> {
  const server = createServer({
    cert: credentials.servingCertPem,
    key: credentials.servingKeyPem,
    ca: credentials.caCertPem,
    requestCert: true,
    rejectUnauthorized: false,
  });
  const seen = new Promise<ServerView>((resolve) => {
    server.once('secureConnection', (socket: TLSSocket) => {
      resolve({ authorized: socket.authorized, identity: identityFromCertificate(socket.getPeerCertificate()) });
      socket.end();
    });
  });
  try {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const socket = connect({
      host: '127.0.0.1',
      port,
      ca: client.ca,
      cert: client.cert,
      key: client.key,
      ...(client.servername === undefined ? {} : { servername: client.servername }),
    });
    try {
      await once(socket, 'secureConnect');
      const clientTrustsServer = socket.authorized;
      return { clientTrustsServer, server: await seen };
    } finally {
      socket.destroy();
    }
  } finally {
    server.close();
    await once(server, 'close');
  }
}

it('a real TLS handshake on 127.0.0.1 succeeds with these credentials', async () => {
  await withTwoClusters(async (cluster) => {
    const admin = { ca: cluster.caCertPem, cert: cluster.adminCertPem, key: cluster.adminKeyPem };
    for (const servername of ['localhost', undefined]) {
      const result = await handshake(cluster, { ...admin, ...(servername === undefined ? {} : { servername }) });
      assert.equal(result.clientTrustsServer, true, `client trusts the server as ${servername ?? '127.0.0.1'}`);
      assert.deepEqual(result.server, { authorized: true, identity: { user: 'tugboat-admin', groups: ['system:masters'] } });
    }
  });
});

it('a client certificate from another CA is not authorized', async () => {
  await withTwoClusters(async (cluster, other) => {
    const stranger = { ca: cluster.caCertPem, cert: other.adminCertPem, key: other.adminKeyPem, servername: 'localhost' };
    const result = await handshake(cluster, stranger);
    assert.equal(result.clientTrustsServer, true);
    assert.equal(result.server.authorized, false);
  });
});

it('a client that trusts only another CA refuses the serving certificate', async () => {
  await withTwoClusters(async (cluster, other) => {
    const client = { ca: other.caCertPem, cert: other.adminCertPem, key: other.adminKeyPem, servername: 'localhost' };
    // The server sends its CA along, so the client may report that self-signed CA.
    await assert.rejects(handshake(cluster, client), { code: /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN)$/ });
  });
});

it('identityFromCertificate reads the common name as the user and every organization as a group', async () => {
  const now = new Date();
  const { issuer } = await CertificateIssuer.create({ now, validityDays: 1 });
  const issue = async (subject: { commonName: string; organizations?: string[] }) =>
    new X509Certificate((await issuer.issue({ ...subject, usage: 'clientAuth', now, validityDays: 1 })).certPem);

  const many = await issue({ commonName: 'jane', organizations: ['dev', 'ops, on call', 'system:authenticated'] });
  assert.deepEqual(identityFromCertificate(many), { user: 'jane', groups: ['dev', 'ops, on call', 'system:authenticated'] });
  assert.deepEqual(identityFromCertificate(many.toLegacyObject()), identityFromCertificate(many), 'a peer certificate reads the same');
  assert.deepEqual(identityFromCertificate(await issue({ commonName: 'system:node:a' })), { user: 'system:node:a', groups: [] });
  assert.deepEqual(identityFromCertificate(await issue({ commonName: 'bob', organizations: ['solo'] })), { user: 'bob', groups: ['solo'] });
});

it('identityFromCertificate finds no identity without a certificate or without a single common name', () => {
  const peer = (subject: Record<string, string | string[]>) => ({ subject }) as unknown as PeerCertificate;
  assert.equal(identityFromCertificate({} as PeerCertificate), undefined, 'a socket without a client certificate');
  assert.equal(identityFromCertificate(peer({ O: 'system:masters' })), undefined);
  assert.equal(identityFromCertificate(peer({ CN: '' })), undefined);
  assert.equal(identityFromCertificate(peer({ CN: ['a', 'b'] })), undefined);
});
