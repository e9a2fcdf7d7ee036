import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { agentImagePaths, type AgentImagePaths } from '../../src/agent/images/agent-image-paths.js';
import { applyRegistriesConfig } from '../../src/agent/images/apply-registries-config.js';
import { loadRegistriesConfig } from '../../src/agent/images/registries-config.js';
import { RegistryCredentials } from '../../src/agent/images/registry-credentials.js';
import { ContainerdSupervisor } from '../../src/agent/runtime/containerd/containerd-supervisor.js';
import { reclaimContainerdLeftovers } from '../../src/agent/runtime/containerd/reclaim-containerd-leftovers.js';
import { CriRuntime } from '../../src/agent/runtime/cri/cri-runtime.js';
import { ImagePullError } from '../../src/agent/runtime/runtime-errors.js';
import { type LocalRegistry, startLocalRegistry } from '../helpers/local-registry.js';
import { runTug } from '../helpers/run-tug.js';
import { HTTPD_INDEX_HTML, pushTestImages, testImageArchive, testImagePath, type TestImages } from '../helpers/test-images.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  return port;
}

async function until<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('images: pulls from local registries, mirrors, credentials and tug images', () => {
  let dataDir = '';
  let paths: AgentImagePaths;
  let supervisor: ContainerdSupervisor | undefined;
  let runtime: CriRuntime | undefined;
  const registries: LocalRegistry[] = [];
  let registry: LocalRegistry;
  let authRegistry: LocalRegistry;
  let images: TestImages;

  const cri = (): CriRuntime => {
    assert.ok(runtime !== undefined, 'containerd did not start');
    return runtime;
  };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tug-images-e2e-'));
    paths = agentImagePaths(dataDir);
    const started = await Promise.allSettled([startLocalRegistry(), startLocalRegistry({ basicAuth: true })]);
    for (const result of started) if (result.status === 'fulfilled') registries.push(result.value);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    [registry, authRegistry] = registries as [LocalRegistry, LocalRegistry];
    images = await pushTestImages(registry);
    await pushTestImages(authRegistry);
    supervisor = new ContainerdSupervisor({ dataDir: paths.containerdDir });
    await supervisor.start();
    runtime = new CriRuntime(supervisor.endpoint);
  });

  after(async () => {
    await runtime?.close();
    await supervisor?.stop();
    if (dataDir !== '') await reclaimContainerdLeftovers(paths.containerdDir);
    await Promise.allSettled(registries.map((each) => each.stop()));
    if (dataDir !== '') await rm(dataDir, { recursive: true, force: true });
  });

  it('pulls an image pushed to a registry on 127.0.0.1 over plain HTTP, and its httpd serves the known page', async () => {
    const imageRef = await cri().pullImage(images.httpd);
    const status = await cri().imageStatus(images.httpd);
    assert.equal(status?.id, imageRef);
    const logDirectory = join(dataDir, 'pods', 'httpd');
    await mkdir(join(logDirectory, 'httpd'), { recursive: true });
    const sandboxConfig = { name: 'httpd', uid: 'httpd-1', namespace: 'default', attempt: 0, logDirectory, network: 'node' as const };
    const sandboxId = await cri().runPodSandbox(sandboxConfig);
    try {
      const port = await freePort();
      const containerId = await cri().createContainer(sandboxId, {
        name: 'httpd', attempt: 0, image: images.httpd, logPath: 'httpd/0.log',
        command: ['/bin/httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', '/www'],
      }, sandboxConfig);
      await cri().startContainer(containerId);
      const page = await until(async () => {
        const response = await fetch(`http://127.0.0.1:${port}/`);
        return response.ok ? response.text() : undefined;
      }, 'httpd serves its page');
      assert.equal(page, HTTPD_INDEX_HTML);
    } finally {
      await cri().removePodSandbox(sandboxId);
    }
  });

  it('pulls example.invalid images through a mirror in registries.yaml that points at the local registry', async () => {
    await writeFile(paths.registriesConfig, `mirrors:\n  example.invalid:\n    endpoint:\n      - "http://${registry.host}"\n`);
    const credentials = await applyRegistriesConfig({ configPath: paths.registriesConfig, hostsDir: paths.registryHostsDir });
    const image = `example.invalid/${testImagePath('httpd')}`;
    assert.equal(credentials.forImage(image), undefined);
    await cri().pullImage(image);
    assert.ok((await cri().imageStatus(image))?.repoTags.includes(image));
  });

  it('pulls from a registry that demands basic auth with the credentials of registries.yaml, and fails without them', async () => {
    const image = `${authRegistry.host}/${testImagePath('shell')}`;
    await assert.rejects(cri().pullImage(image), (error: Error) => error instanceof ImagePullError && /401 Unauthorized/.test(error.message));
    await writeFile(paths.registriesConfig, [
      'configs:',
      `  "${authRegistry.host}":`,
      `    auth: { username: ${authRegistry.credentials?.username ?? ''}, password: ${authRegistry.credentials?.password ?? ''} }`,
      '',
    ].join('\n'));
    const credentials = new RegistryCredentials(await loadRegistriesConfig(paths.registriesConfig));
    const auth = credentials.forImage(image);
    assert.ok(auth !== undefined);
    await cri().pullImage(image, { auth });
    assert.ok((await cri().imageStatus(image))?.repoTags.includes(image));
  });

  it('fails to pull an image the registry does not have, saying the image was not found', async () => {
    const image = `${registry.host}/tugboat/missing:1`;
    await assert.rejects(cri().pullImage(image), (error: Error) => {
      assert.ok(error instanceof ImagePullError);
      assert.equal(error.code, 'ErrImagePull');
      assert.match(error.message, new RegExp(`pulling ${image.replace(/\./g, '\\.')} failed: .*not found`));
      return true;
    });
  });

  it('imports an image archive with tug images import and lists it with tug images ls', async () => {
    const archive = join(dataDir, 'shell.tar');
    await writeFile(archive, await testImageArchive('shell', 'tugboat.test/imported/shell:2'));
    const imported = await runTug(['images', 'import', archive, '--data-dir', dataDir]);
    assert.equal(imported.stderr, '');
    assert.equal(imported.code, 0);
    assert.match(imported.stdout, /^imported tugboat\.test\/imported\/shell:2 \([0-9a-f]{13}, [0-9.]+[kM]B\)\n$/);
    const listed = await runTug(['images', 'ls', '--address', `unix://${paths.containerdSocket}`]);
    assert.equal(listed.code, 0, listed.stderr);
    const lines = listed.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^REPOSITORY\s+TAG\s+IMAGE ID\s+SIZE$/);
    assert.ok(lines.some((line) => /^tugboat\.test\/imported\/shell\s+2\s+[0-9a-f]{13}\s+[0-9.]+[kM]B$/.test(line)), listed.stdout);
    assert.ok(lines.some((line) => line.startsWith('tugboat.local/pause ')), listed.stdout);
  });

  it('tug images says in one line that containerd is not running when the data dir has none', async () => {
    const empty = join(dataDir, 'no-agent-here');
    for (const args of [['images', 'ls', '--data-dir', empty], ['images', 'import', join(dataDir, 'shell.tar'), '--data-dir', empty]]) {
      const result = await runTug(args);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /^tug: error: containerd is not running at \S+\/no-agent-here\/agent\/containerd\/containerd\.sock \(no socket there\); .*\n$/);
    }
  });

  it('tug images import refuses a file that is not an image archive, naming it', async () => {
    const bogus = join(dataDir, 'not-an-image.tar');
    await writeFile(bogus, 'hello');
    const result = await runTug(['images', 'import', bogus, '--data-dir', dataDir]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^tug: error: importing \S+not-an-image\.tar failed: .+\n$/);
    const missing = await runTug(['images', 'import', join(dataDir, 'nope.tar'), '--data-dir', dataDir]);
    assert.match(missing.stderr, /^tug: error: cannot read \S+nope\.tar: no such file\n$/);
  });
});
