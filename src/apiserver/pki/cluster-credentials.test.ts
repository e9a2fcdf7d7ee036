import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { identityFromCertificate } from './client-identity.js';
import { ensureClusterCredentials } from './cluster-credentials.js';
import { CredentialsError } from './credentials-error.js';

const DAY_MS = 86_400_000;
const hostnames = ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'];
const ipAddresses = ['127.0.0.1', '::1', '10.43.0.1'];
const files = ['ca.crt', 'ca.key', 'serving.crt', 'serving.key', 'admin.crt', 'admin.key', 'kubelet-client.crt', 'kubelet-client.key', 'service-account.key'];

async function withDataDir(body: (dataDir: string) => Promise<void>): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tugboat-pki-'));
  try {
    await body(dataDir);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function snapshot(dataDir: string): Promise<Map<string, string>> {
  const contents = new Map<string, string>();
  for (const name of files) contents.set(name, await readFile(join(dataDir, 'tls', name), 'utf8'));
  contents.set('token', await readFile(join(dataDir, 'token'), 'utf8'));
  return contents;
}

function expiresAbout(certificate: X509Certificate, expected: number): void {
  const expires = new Date(certificate.validTo).getTime();
  assert.ok(Math.abs(expires - expected) < DAY_MS, `expires ${certificate.validTo}, expected about ${new Date(expected).toISOString()}`);
}

it('creates a CA, a serving certificate and an admin certificate that chain to it', async () => {
  await withDataDir(async (dataDir) => {
    const now = new Date();
    const credentials = await ensureClusterCredentials({ dataDir, hostnames, ipAddresses, now });
    const ca = new X509Certificate(credentials.caCertPem);
    const serving = new X509Certificate(credentials.servingCertPem);
    const admin = new X509Certificate(credentials.adminCertPem);

    assert.equal(ca.ca, true);
    assert.equal(ca.subject, `CN=tugboat-ca@${Math.floor(now.getTime() / 1000)}`);
    assert.ok(ca.verify(ca.publicKey), 'the CA is self-signed');
    assert.ok(ca.publicKey.asymmetricKeyDetails?.namedCurve === 'prime256v1');
    expiresAbout(ca, now.getTime() + 3650 * DAY_MS);

    for (const leaf of [serving, admin]) {
      assert.equal(leaf.ca, false);
      assert.ok(leaf.checkIssued(ca) && leaf.verify(ca.publicKey), 'signed by the CA');
      assert.ok(new Date(leaf.validFrom) <= now);
      expiresAbout(leaf, now.getTime() + 365 * DAY_MS);
    }
    assert.deepEqual(serving.keyUsage, ['1.3.6.1.5.5.7.3.1']);
    for (const name of hostnames) assert.equal(serving.checkHost(name, { subject: 'never' }), name);
    for (const address of ipAddresses) assert.equal(serving.checkIP(address), address);
    assert.equal(serving.checkHost('example.com'), undefined);

    assert.deepEqual(admin.keyUsage, ['1.3.6.1.5.5.7.3.2']);
    assert.deepEqual(identityFromCertificate(admin), { user: 'tugboat-admin', groups: ['system:masters'] });
    assert.match(credentials.token, /^[0-9a-f]{64}$/);
  });
});

it('creates a client certificate for calling agents once and reuses it', async () => {
  await withDataDir(async (dataDir) => {
    const first = await ensureClusterCredentials({ dataDir, hostnames, ipAddresses });
    const certificate = new X509Certificate(first.kubeletClientCertPem);
    assert.ok(certificate.verify(new X509Certificate(first.caCertPem).publicKey), 'signed by the cluster CA');
    assert.deepEqual(certificate.keyUsage, ['1.3.6.1.5.5.7.3.2']);
    assert.deepEqual(identityFromCertificate(certificate), { user: 'kube-apiserver-kubelet-client', groups: ['system:masters'] });

    const second = await ensureClusterCredentials({ dataDir, hostnames, ipAddresses });
    assert.equal(second.kubeletClientCertPem, first.kubeletClientCertPem);
    assert.equal(second.kubeletClientKeyPem, first.kubeletClientKeyPem);
  });
});

it('writes the keys and the token readable only by their owner, in a private tls directory', async () => {
  await withDataDir(async (dataDir) => {
    await ensureClusterCredentials({ dataDir, hostnames, ipAddresses });
    const mode = async (path: string) => (await stat(path)).mode & 0o777;
    assert.equal(await mode(join(dataDir, 'tls')), 0o700);
    for (const name of ['ca.key', 'serving.key', 'admin.key', 'kubelet-client.key', 'service-account.key']) assert.equal(await mode(join(dataDir, 'tls', name)), 0o600, name);
    assert.equal(await mode(join(dataDir, 'token')), 0o600);
    assert.deepEqual((await readdir(join(dataDir, 'tls'))).sort(), [...files].sort(), 'no temporary files are left');
  });
});

it('reuses the credentials on a second start', async () => {
  await withDataDir(async (dataDir) => {
    const first = await ensureClusterCredentials({ dataDir, hostnames, ipAddresses });
    const before = await snapshot(dataDir);
    const second = await ensureClusterCredentials({ dataDir, hostnames: [...hostnames].reverse(), ipAddresses: ['::1'] });
    assert.deepEqual(await snapshot(dataDir), before, 'every file is byte-identical');
    assert.deepEqual(second, first);
    assert.equal(`${second.token}\n`, before.get('token'));
  });
});

it('reissues the serving certificate when a new IP is asked for, keeping the CA', async () => {
  await withDataDir(async (dataDir) => {
    const first = await ensureClusterCredentials({ dataDir, hostnames, ipAddresses });
    const second = await ensureClusterCredentials({ dataDir, hostnames, ipAddresses: [...ipAddresses, '127.0.0.2'] });
    assert.equal(second.caCertPem, first.caCertPem);
    assert.equal(second.caKeyPem, first.caKeyPem);
    assert.equal(second.adminCertPem, first.adminCertPem);
    assert.equal(second.token, first.token);
    assert.notEqual(second.servingCertPem, first.servingCertPem);
    const serving = new X509Certificate(second.servingCertPem);
    assert.ok(serving.verify(new X509Certificate(first.caCertPem).publicKey));
    for (const address of [...ipAddresses, '127.0.0.2']) assert.equal(serving.checkIP(address), address);
    assert.equal(await readFile(join(dataDir, 'tls', 'serving.crt'), 'utf8'), second.servingCertPem);
  });
});

it('reissues the serving and admin certificates when they expire within 30 days', async () => {
  await withDataDir(async (dataDir) => {
    const start = new Date();
    const first = await ensureClusterCredentials({ dataDir, hostnames, ipAddresses, now: start });
    const soon = new Date(start.getTime() + 300 * DAY_MS);
    assert.deepEqual(await ensureClusterCredentials({ dataDir, hostnames, ipAddresses, now: soon }), first);

    const late = new Date(start.getTime() + 340 * DAY_MS);
    const renewed = await ensureClusterCredentials({ dataDir, hostnames, ipAddresses, now: late });
    assert.equal(renewed.caCertPem, first.caCertPem);
    assert.notEqual(renewed.servingCertPem, first.servingCertPem);
    assert.notEqual(renewed.adminCertPem, first.adminCertPem);
    expiresAbout(new X509Certificate(renewed.servingCertPem), late.getTime() + 365 * DAY_MS);
  });
});

it('reissues an admin certificate whose key was lost, from the same CA', async () => {
  await withDataDir(async (dataDir) => {
    const first = await ensureClusterCredentials({ dataDir, hostnames, ipAddresses });
    await unlink(join(dataDir, 'tls', 'admin.key'));
    await writeFile(join(dataDir, 'tls', 'serving.key'), 'not a key\n');
    const second = await ensureClusterCredentials({ dataDir, hostnames, ipAddresses });
    assert.equal(second.caCertPem, first.caCertPem);
    assert.notEqual(second.adminKeyPem, first.adminKeyPem);
    assert.notEqual(second.servingKeyPem, first.servingKeyPem);
    assert.ok(new X509Certificate(second.adminCertPem).verify(new X509Certificate(first.caCertPem).publicKey));
  });
});

it('refuses a corrupt CA file with an error naming it', async () => {
  await withDataDir(async (dataDir) => {
    await ensureClusterCredentials({ dataDir, hostnames, ipAddresses });
    const caCert = join(dataDir, 'tls', 'ca.crt');
    const original = await readFile(caCert, 'utf8');
    const lines = original.split('\n');
    const signatureLine = lines.length - 3;
    const flipped = lines.map((line, index) => (index === signatureLine ? `${line.startsWith('A') ? 'B' : 'A'}${line.slice(1)}` : line));
    const damages = [original.slice(0, original.length / 2), 'garbage\n', flipped.join('\n')];

    for (const damaged of damages) {
      await writeFile(caCert, damaged);
      await assert.rejects(ensureClusterCredentials({ dataDir, hostnames, ipAddresses }), (error: unknown) => {
        assert.ok(error instanceof CredentialsError);
        assert.equal(error.code, 'CredentialsInvalid');
        assert.equal(error.file, caCert);
        assert.ok(error.message.startsWith(`${caCert}: `), error.message);
        assert.doesNotMatch(error.message, /\n/);
        return true;
      });
      assert.equal(await readFile(caCert, 'utf8'), damaged, 'the CA is never replaced');
    }
  });
});

it('refuses a CA whose key is missing or belongs to another CA', async () => {
  await withDataDir(async (dataDir) => {
    await withDataDir(async (otherDataDir) => {
      await ensureClusterCredentials({ dataDir, hostnames, ipAddresses });
      const other = await ensureClusterCredentials({ dataDir: otherDataDir, hostnames, ipAddresses });
      const caKey = join(dataDir, 'tls', 'ca.key');
      await writeFile(caKey, other.caKeyPem);
      await assert.rejects(ensureClusterCredentials({ dataDir, hostnames, ipAddresses }), {
        file: caKey,
        message: new RegExp(`^${caKey}: does not match the certificate in .*ca\\.crt$`),
      });
      await writeFile(caKey, '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
      await assert.rejects(ensureClusterCredentials({ dataDir, hostnames, ipAddresses }), {
        file: caKey,
        message: `${caKey}: is not a readable PEM private key`,
      });
      await unlink(caKey);
      await assert.rejects(ensureClusterCredentials({ dataDir, hostnames, ipAddresses }), { file: caKey, message: /is missing/ });
    });
  });
});

it('refuses to replace a lost CA certificate once certificates were issued from it', async () => {
  await withDataDir(async (dataDir) => {
    await ensureClusterCredentials({ dataDir, hostnames, ipAddresses });
    const caCert = join(dataDir, 'tls', 'ca.crt');
    await unlink(caCert);
    await assert.rejects(ensureClusterCredentials({ dataDir, hostnames, ipAddresses }), { file: caCert, message: /is missing/ });
  });
});

it('finishes a first start that stopped after writing the CA key', async () => {
  await withDataDir(async (dataDir) => {
    await ensureClusterCredentials({ dataDir, hostnames, ipAddresses });
    for (const name of ['ca.crt', 'serving.crt', 'serving.key', 'admin.crt', 'admin.key', 'kubelet-client.crt', 'kubelet-client.key']) await unlink(join(dataDir, 'tls', name));
    await unlink(join(dataDir, 'token'));
    const credentials = await ensureClusterCredentials({ dataDir, hostnames, ipAddresses });
    const ca = new X509Certificate(credentials.caCertPem);
    assert.ok(new X509Certificate(credentials.servingCertPem).verify(ca.publicKey));
  });
});

it('refuses a token file that holds no token', async () => {
  await withDataDir(async (dataDir) => {
    await writeFile(join(dataDir, 'token'), '\n');
    await assert.rejects(ensureClusterCredentials({ dataDir, hostnames, ipAddresses }), {
      name: 'CredentialsError',
      file: join(dataDir, 'token'),
    });
  });
});

it('covers an IP address given among the hostnames and refuses names that are neither', async () => {
  await withDataDir(async (dataDir) => {
    const credentials = await ensureClusterCredentials({ dataDir, hostnames: ['localhost', '127.0.0.3'], ipAddresses: [] });
    assert.equal(new X509Certificate(credentials.servingCertPem).checkIP('127.0.0.3'), '127.0.0.3');
    await assert.rejects(ensureClusterCredentials({ dataDir, hostnames: ['bad name'], ipAddresses: [] }), {
      name: 'CredentialsError',
      message: /"bad name" is not a DNS name/,
    });
    await assert.rejects(ensureClusterCredentials({ dataDir, hostnames: [], ipAddresses: ['300.1.1.1'] }), {
      message: /"300.1.1.1" is not an IP address/,
    });
  });
});

it('refuses a CA that has expired rather than replacing it', async () => {
  await withDataDir(async (dataDir) => {
    const start = new Date();
    await ensureClusterCredentials({ dataDir, hostnames, ipAddresses, now: start });
    const later = new Date(start.getTime() + 3651 * DAY_MS);
    await assert.rejects(ensureClusterCredentials({ dataDir, hostnames, ipAddresses, now: later }), {
      file: join(dataDir, 'tls', 'ca.crt'),
      message: /: expired on \d{4}-/,
    });
  });
});
