import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { busyboxImageArchive } from '../../src/agent/runtime/containerd/busybox-image.js';
import { ociImageArchive } from '../../src/agent/runtime/containerd/oci-image-archive.js';
import { DEFAULT_BUSYBOX_PATH } from '../../src/agent/runtime/containerd/pause-image.js';
import type { TarEntry } from '../../src/agent/runtime/containerd/tar-writer.js';
import type { LocalRegistry } from './local-registry.js';

const execFileAsync = promisify(execFile);

/** What the httpd image serves at `/` on port 8080. */
export const HTTPD_INDEX_HTML = '<h1>hello from tugboat httpd</h1>\n';
export const HTTPD_PORT = 8080;

export type TestImageName = 'httpd' | 'shell';

export interface TestImages {
  /** `busybox httpd -f -p 8080` serving HTTPD_INDEX_HTML from /www. */
  readonly httpd: string;
  /** `sh`, with every busybox applet in /bin. */
  readonly shell: string;
}

/** The repository path and tag the images get in a registry: `tugboat/httpd:1`. */
export function testImagePath(name: TestImageName): string {
  return `tugboat/${name}:1`;
}

async function httpdImageArchive(reference: string): Promise<Buffer> {
  const { stdout } = await execFileAsync(DEFAULT_BUSYBOX_PATH, ['--list']);
  const applets = stdout.split('\n').filter((applet) => applet !== '' && applet !== 'busybox');
  const files: TarEntry[] = [
    { type: 'directory', path: 'bin', mode: 0o755 },
    { type: 'file', path: 'bin/busybox', mode: 0o755, content: await readFile(DEFAULT_BUSYBOX_PATH) },
    ...applets.map((applet): TarEntry => ({ type: 'symlink', path: `bin/${applet}`, target: 'busybox' })),
    { type: 'directory', path: 'etc', mode: 0o755 },
    { type: 'file', path: 'etc/passwd', mode: 0o644, content: Buffer.from('root:x:0:0:root:/root:/bin/sh\n') },
    { type: 'file', path: 'etc/group', mode: 0o644, content: Buffer.from('root:x:0:\n') },
    { type: 'directory', path: 'tmp', mode: 0o1777 },
    { type: 'directory', path: 'www', mode: 0o755 },
    { type: 'file', path: 'www/index.html', mode: 0o644, content: Buffer.from(HTTPD_INDEX_HTML) },
  ];
  return ociImageArchive({ reference, files, entrypoint: ['/bin/httpd', '-f', '-p', String(HTTPD_PORT), '-h', '/www'] });
}

/** A test image as an OCI archive (what `tug images import` and `ctr images import` read), named `reference`. */
export async function testImageArchive(name: TestImageName, reference: string): Promise<Buffer> {
  return name === 'httpd' ? httpdImageArchive(reference) : busyboxImageArchive(reference);
}

/**
 * Builds the test images from busybox-static and pushes them to `registry` with
 * skopeo. skopeo rather than a push client of our own: it is a packaged,
 * independent implementation, so a push that succeeds also shows our archives are
 * valid OCI layouts.
 */
export async function pushTestImages(registry: LocalRegistry): Promise<TestImages> {
  const dir = await mkdtemp(join(tmpdir(), 'tug-test-images-'));
  try {
    const push = async (name: TestImageName): Promise<string> => {
      const reference = `${registry.host}/${testImagePath(name)}`;
      const archive = join(dir, `${name}.tar`);
      await writeFile(archive, await testImageArchive(name, reference));
      const credentials = registry.credentials === undefined ? [] : ['--dest-creds', `${registry.credentials.username}:${registry.credentials.password}`];
      await execFileAsync('skopeo', [
        '--insecure-policy', 'copy', '--quiet', '--dest-tls-verify=false', ...credentials,
        `oci-archive:${archive}`, `docker://${reference}`,
      ], { timeout: 120_000 });
      return reference;
    };
    return { httpd: await push('httpd'), shell: await push('shell') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
