import type { Pod } from '../../api/kinds.js';
import type { Mount } from '../runtime/container-runtime.js';

/** One container of a pod spec (containers, initContainers). */
export type PodContainer = NonNullable<NonNullable<Pod['spec']>['containers']>[number];

/** A volume made ready on the host for one pod. */
export interface PreparedVolume {
  /** The directory (or file) on the host that containers mount. */
  readonly hostPath: string;
  /** Mounted read-only whatever the container asks (secret, configMap, downwardAPI, projected). */
  readonly readOnly: boolean;
}

/**
 * The agent's volume manager, as the pod worker uses it. Errors thrown by `setUp` carry
 * a message fit for a FailedMount event (`MountVolume.SetUp failed for volume "x" : ...`).
 */
export interface PodVolumes {
  /**
   * Makes every volume of the pod ready on the host (idempotent: called again on every
   * sync, it refreshes configMap/secret/downwardAPI/projected contents in place).
   */
  setUp(pod: Pod): Promise<ReadonlyMap<string, PreparedVolume>>;
  /** The runtime mounts of one container (volumeMounts with subPath, readOnly). */
  mountsFor(container: PodContainer, volumes: ReadonlyMap<string, PreparedVolume>): Mount[];
  /** Removes everything set up for the pod (after its containers are gone). */
  tearDown(podUid: string): Promise<void>;
  /** Pod uids that have volumes on this host, to clean up orphans after a restart. */
  podsWithVolumes(): Promise<string[]>;
}
