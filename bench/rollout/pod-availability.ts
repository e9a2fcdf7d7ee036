import type { Pod } from '../../src/api/kinds.js';
import { type ApiClient, resourceOf } from '../../src/client/api-client.js';
import { Informer } from '../../src/client/informer.js';
import { objectKey } from '../../src/client/object-key.js';
import { systemClock } from '../../src/util/clock.js';
import { LineLogger } from '../../src/util/logger.js';

const PODS = resourceOf('v1', 'Pod');

interface PodState {
  readonly live: boolean;
  readonly ready: boolean;
}

function stateOf(pod: Pod): PodState {
  const live = pod.metadata.deletionTimestamp === undefined && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
  const ready = live && (pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false);
  return { live, ready };
}

/**
 * Counts a Deployment's pods from a watch: live (not terminating) and Ready ones, and
 * over a window the most live and the fewest Ready, to check maxSurge and
 * maxUnavailable against the pods themselves rather than the (lagging) status counts.
 * With no minReadySeconds, Ready is available.
 */
export class PodAvailability {
  readonly #informer: Informer<Pod>;
  readonly #states = new Map<string, PodState>();
  #live = 0;
  #ready = 0;
  #tracking = false;
  #maxLive = 0;
  #minReady = Number.POSITIVE_INFINITY;

  constructor(client: ApiClient, namespace: string, labelSelector: string, log: (message: string) => void) {
    const logger = new LineLogger({ component: 'rollout-bench' }, (line) => {
      if (!line.includes(' INFO ')) log(`pod watch: ${line.trimEnd()}`);
    });
    this.#informer = new Informer<Pod>({ client, resource: PODS, clock: systemClock, logger, namespace, labelSelector, resyncMs: 0 });
    this.#informer.addHandler({
      onAdd: (pod) => {
        this.#set(pod, stateOf(pod));
      },
      onUpdate: (_previous, pod) => {
        this.#set(pod, stateOf(pod));
      },
      onDelete: (pod) => {
        this.#set(pod, undefined);
      },
    });
  }

  async start(): Promise<void> {
    this.#informer.start();
    await this.#informer.waitForSync();
  }

  async stop(): Promise<void> {
    await this.#informer.stop();
  }

  /** Starts recording the most live and the fewest Ready pods, from the counts now. */
  track(): void {
    this.#tracking = true;
    this.#maxLive = this.#live;
    this.#minReady = this.#ready;
  }

  /** Stops recording; returns the extremes seen since `track()`. */
  untrack(): { readonly maxLive: number; readonly minReady: number } {
    this.#tracking = false;
    return { maxLive: this.#maxLive, minReady: Number.isFinite(this.#minReady) ? this.#minReady : 0 };
  }

  #set(pod: Pod, next: PodState | undefined): void {
    const key = objectKey(pod);
    const previous = this.#states.get(key);
    if (previous !== undefined) {
      this.#live -= previous.live ? 1 : 0;
      this.#ready -= previous.ready ? 1 : 0;
    }
    if (next === undefined) this.#states.delete(key);
    else {
      this.#states.set(key, next);
      this.#live += next.live ? 1 : 0;
      this.#ready += next.ready ? 1 : 0;
    }
    if (this.#tracking) {
      this.#maxLive = Math.max(this.#maxLive, this.#live);
      this.#minReady = Math.min(this.#minReady, this.#ready);
    }
  }
}
