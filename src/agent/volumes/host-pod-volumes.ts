import { chmod, mkdir, readdir, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pod } from '../../api/kinds.js';
import { Quantity } from '../../api/quantity.js';
import type { ApiClient } from '../../client/api-client.js';
import type { Clock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import type { Mount } from '../runtime/container-runtime.js';
import { AtomicWriter, type FileProjection } from './atomic-writer.js';
import { claimHostPath } from './claim-host-path.js';
import { checkHostPathType } from './host-path-type.js';
import type { PodContainer, PodVolumes, PreparedVolume } from './pod-volumes.js';
import { mountPointsUnder, mountTmpfs, unmountUnder } from './tmpfs.js';
import { TokenManager } from './token-manager.js';
import { DEFAULT_MODE, VolumeContents, type Volume } from './volume-contents.js';
import { volumeMountsFor } from './volume-mounts.js';
import { VolumeSetUpError } from './volume-set-up-error.js';

export interface HostPodVolumesOptions {
  readonly client: ApiClient;
  /** The agent's data directory; volumes live in `pods/<uid>/volumes/<plugin>/<name>` below it. */
  readonly dataDir: string;
  readonly nodeName: string;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The kubelet's plugin directory names. */
const PLUGIN_DIRS = {
  emptyDir: 'kubernetes.io~empty-dir',
  configMap: 'kubernetes.io~configmap',
  secret: 'kubernetes.io~secret',
  downwardAPI: 'kubernetes.io~downward-api',
  projected: 'kubernetes.io~projected',
} as const;

/**
 * Volumes on this host's disk, as the kubelet's volume plugins make them: emptyDir
 * (a directory, or a tmpfs for medium Memory), hostPath, configMap, secret,
 * downwardAPI and projected (files written atomically and refreshed on every setUp),
 * and persistentVolumeClaims bound to hostPath or local volumes.
 */
export class HostPodVolumes implements PodVolumes {
  readonly #options: HostPodVolumesOptions;
  readonly #tokens: TokenManager;
  readonly #contents: VolumeContents;

  constructor(options: HostPodVolumesOptions) {
    this.#options = options;
    this.#tokens = new TokenManager({ client: options.client, clock: options.clock });
    this.#contents = new VolumeContents({ client: options.client, tokens: this.#tokens, nodeName: options.nodeName });
  }

  async setUp(pod: Pod): Promise<ReadonlyMap<string, PreparedVolume>> {
    const prepared = new Map<string, PreparedVolume>();
    for (const volume of pod.spec?.volumes ?? []) {
      try {
        prepared.set(volume.name, await this.#setUpVolume(pod, volume));
      } catch (error) {
        throw new VolumeSetUpError(volume.name, error);
      }
    }
    return prepared;
  }

  mountsFor(container: PodContainer, volumes: ReadonlyMap<string, PreparedVolume>): Mount[] {
    return volumeMountsFor(container, volumes);
  }

  async tearDown(podUid: string): Promise<void> {
    const volumes = this.#volumesDir(podUid);
    await unmountUnder(volumes);
    await rm(volumes, { recursive: true, force: true });
    // The pod directory may hold other components' files; it goes only when empty.
    await rmdir(join(this.#options.dataDir, 'pods', podUid)).catch(() => undefined);
    this.#tokens.forgetPod(podUid);
    this.#options.logger.info('tore down pod volumes', { podUid });
  }

  async podsWithVolumes(): Promise<string[]> {
    const pods = await readdir(join(this.#options.dataDir, 'pods')).catch(() => []);
    const found: string[] = [];
    for (const uid of pods) {
      if ((await stat(this.#volumesDir(uid)).catch(() => undefined))?.isDirectory() === true) found.push(uid);
    }
    return found;
  }

  async #setUpVolume(pod: Pod, volume: Volume): Promise<PreparedVolume> {
    const uid = pod.metadata.uid ?? '';
    if (uid === '') throw new Error('the pod has no uid');
    const dir = (plugin: keyof typeof PLUGIN_DIRS) => join(this.#volumesDir(uid), PLUGIN_DIRS[plugin], volume.name);
    if (volume.hostPath !== undefined) {
      await checkHostPathType(volume.hostPath.path, volume.hostPath.type ?? '');
      return { hostPath: volume.hostPath.path, readOnly: false };
    }
    if (volume.persistentVolumeClaim !== undefined) {
      const path = await claimHostPath(this.#options.client, pod.metadata.namespace, volume.persistentVolumeClaim.claimName);
      return { hostPath: path, readOnly: volume.persistentVolumeClaim.readOnly === true };
    }
    if (volume.configMap !== undefined) {
      const files = await this.#contents.configMap(pod, volume.configMap, volume.configMap.defaultMode ?? DEFAULT_MODE);
      return await this.#write(dir('configMap'), files);
    }
    if (volume.secret !== undefined) {
      const source = { ...volume.secret, ...(volume.secret.secretName === undefined ? {} : { name: volume.secret.secretName }) };
      const files = await this.#contents.secret(pod, source, volume.secret.defaultMode ?? DEFAULT_MODE);
      return await this.#write(dir('secret'), files);
    }
    if (volume.downwardAPI !== undefined) {
      const files = await this.#contents.downwardApi(pod, volume.downwardAPI.items ?? [], volume.downwardAPI.defaultMode ?? DEFAULT_MODE);
      return await this.#write(dir('downwardAPI'), files);
    }
    if (volume.projected !== undefined) {
      const files = await this.#contents.projected(pod, volume.projected.sources ?? [], volume.projected.defaultMode ?? DEFAULT_MODE);
      return await this.#write(dir('projected'), files);
    }
    const unsupported = Object.keys(volume).find((key) => key !== 'name' && key !== 'emptyDir');
    if (unsupported !== undefined) throw new Error(`volume type ${unsupported} is not supported on this node`);
    return await this.#emptyDir(dir('emptyDir'), volume.emptyDir ?? {});
  }

  async #emptyDir(path: string, source: NonNullable<Volume['emptyDir']>): Promise<PreparedVolume> {
    const medium = source.medium ?? '';
    if (medium !== '' && medium !== 'Memory') throw new Error(`emptyDir medium ${medium} is not supported on this node`);
    await mkdir(path, { recursive: true, mode: 0o777 });
    if (medium === 'Memory' && !(await mountPointsUnder(path)).includes(path)) {
      const limit = source.sizeLimit === undefined ? undefined : Quantity.from(source.sizeLimit);
      await mountTmpfs(path, limit === undefined || limit.isZero() ? undefined : roundUpToBytes(limit.nanoValue()));
    }
    // Whatever the umask, an emptyDir is writable by every user, as upstream's.
    await chmod(path, 0o777);
    return { hostPath: path, readOnly: false };
  }

  async #write(path: string, files: ReadonlyMap<string, FileProjection>): Promise<PreparedVolume> {
    const writer = new AtomicWriter(path, () => this.#options.clock.now());
    if (await writer.write(files)) this.#options.logger.info('volume contents updated', { path });
    return { hostPath: path, readOnly: true };
  }

  #volumesDir(podUid: string): string {
    return join(this.#options.dataDir, 'pods', podUid, 'volumes');
  }
}

function roundUpToBytes(nano: bigint): bigint {
  return (nano + 999_999_999n) / 1_000_000_000n;
}
