import type { ClusterEvent } from '../../framework/cluster-event.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { type NodeInfo, normalizedImageName } from '../../framework/node-info.js';
import { MAX_NODE_SCORE, type ScorePlugin } from '../../framework/plugin.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { FrameworkHandle } from '../../framework/snapshot.js';

const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/**
 * Favours nodes that already have the pod's images, by their size scaled by how
 * widely the image is spread (so one node holding an image does not attract everything).
 */
export class ImageLocality implements ScorePlugin {
  readonly name = 'ImageLocality';
  readonly #handle: FrameworkHandle;

  constructor(handle: FrameworkHandle) {
    this.#handle = handle;
  }

  eventsToRegister(): readonly ClusterEvent[] {
    return ['NodeAdd', 'NodeImagesChange'];
  }

  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    if (node.imageSizes.size === 0) return 0;
    const containers = [...(pod.pod.spec?.initContainers ?? []), ...(pod.pod.spec?.containers ?? [])];
    const total = this.#handle.snapshot.nodes.length;
    let sum = 0;
    for (const container of containers) {
      const image = normalizedImageName(container.image ?? '');
      const size = node.imageSizes.get(image);
      if (size !== undefined && total > 0) sum += size * (this.#handle.snapshot.imageNodeCount(image) / total);
    }
    const max = MAX_CONTAINER_THRESHOLD * Math.max(1, containers.length);
    const clamped = Math.min(max, Math.max(MIN_THRESHOLD, sum));
    return Math.floor((MAX_NODE_SCORE * (clamped - MIN_THRESHOLD)) / (max - MIN_THRESHOLD));
  }
}
