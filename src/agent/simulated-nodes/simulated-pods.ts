import type { Pod } from '../../api/kinds.js';
import { resourceOf, type ApiClient } from '../../client/api-client.js';
import { isConflict, isNotFound } from '../../client/api-status-error.js';
import { Informer } from '../../client/informer.js';
import { objectKey } from '../../client/object-key.js';
import type { Clock } from '../../util/clock.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { WorkQueue } from '../../util/work-queue.js';
import { podBehaviour, type BehaviourDefaults } from './pod-behaviour.js';
import type { PodIpPool } from './pod-ip-pool.js';
import { simulatedPodStatus } from './simulated-pod-status.js';

const PODS = resourceOf('v1', 'Pod');

export interface SimulatedHost {
  readonly hostIp: string;
  readonly pool: PodIpPool;
}

export interface SimulatedPodsOptions {
  readonly client: ApiClient;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly hosts: ReadonlyMap<string, SimulatedHost>;
  readonly behaviour: BehaviourDefaults;
  readonly workers: number;
}

/**
 * The pod side of simulated kubelets: pods bound to a simulated node start at once
 * (Running, Ready, with an IP from the node's range), exit as their behaviour says,
 * and pods being deleted are removed for good, as a kubelet does once they stopped.
 */
export class SimulatedPods {
  readonly #options: SimulatedPodsOptions;
  readonly #informer: Informer<Pod>;
  readonly #queue: WorkQueue<string>;
  readonly #uids = new Map<string, { uid: string; node: string }>();
  /** When this simulator started each pod (ms; startTime has whole seconds only), by UID. */
  readonly #startedAt = new Map<string, number>();
  #workers: Promise<void>[] = [];

  constructor(options: SimulatedPodsOptions) {
    this.#options = options;
    this.#queue = new WorkQueue<string>({ clock: options.clock, baseDelayMs: 50, maxDelayMs: 10_000 });
    this.#informer = new Informer<Pod>({ client: options.client, resource: PODS, clock: options.clock, logger: options.logger });
    const add = (pod: Pod) => {
      if (this.#options.hosts.has(pod.spec?.nodeName ?? '')) this.#queue.add(objectKey(pod));
    };
    this.#informer.addHandler({ onAdd: add, onUpdate: (_previous, pod) => { add(pod); }, onDelete: add });
  }

  async start(): Promise<void> {
    this.#informer.start();
    await this.#informer.waitForSync();
    for (let index = 0; index < this.#options.workers; index++) this.#workers.push(this.#work());
  }

  async stop(): Promise<void> {
    this.#queue.shutDown();
    await this.#informer.stop();
    await Promise.all(this.#workers);
    this.#workers = [];
  }

  async #work(): Promise<void> {
    for (;;) {
      const key = await this.#queue.get();
      if (key === undefined) return;
      try {
        const recheckAt = await this.#sync(key);
        this.#queue.forget(key);
        if (recheckAt !== undefined) this.#queue.addAfter(key, Math.max(1, recheckAt - this.#options.clock.now()));
      } catch (error) {
        if (!isConflict(error)) this.#options.logger.warn('simulated pod update failed; will retry', { pod: key, error: errorMessage(error) });
        this.#queue.addRateLimited(key);
      } finally {
        this.#queue.done(key);
      }
    }
  }

  /** Brings one pod's status to what its simulated containers do; returns when to look again. */
  async #sync(key: string): Promise<number | undefined> {
    const pod = this.#informer.getByKey(key);
    const host = pod === undefined ? undefined : this.#options.hosts.get(pod.spec?.nodeName ?? '');
    if (pod === undefined || host === undefined) {
      this.#forget(key);
      return undefined;
    }
    const uid = pod.metadata.uid ?? '';
    this.#uids.set(key, { uid, node: pod.spec?.nodeName ?? '' });
    if (pod.metadata.deletionTimestamp !== undefined) {
      await this.#remove(pod);
      return undefined;
    }
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') {
      host.pool.release(uid);
      return undefined;
    }
    const podIp = pod.spec?.hostNetwork === true ? host.hostIp : host.pool.allocate(uid, pod.status?.podIP);
    const now = this.#options.clock.now();
    const startedAt = this.#startedAt.get(uid) ?? (pod.status?.startTime === undefined ? now : undefined);
    if (startedAt !== undefined) this.#startedAt.set(uid, startedAt);
    const placement = { hostIp: host.hostIp, podIp };
    const { status, changesAt } = simulatedPodStatus(pod, podBehaviour(pod, this.#options.behaviour), placement, now, startedAt);
    if (stableJson(status) !== stableJson(pod.status ?? {})) {
      await this.#options.client.update(PODS, { ...pod, status }, { subresource: 'status' });
    }
    return changesAt;
  }

  async #remove(pod: Pod): Promise<void> {
    const { namespace, name = '', uid } = pod.metadata;
    try {
      await this.#options.client.delete(PODS, namespace, name, { gracePeriodSeconds: 0, ...(uid === undefined ? {} : { preconditions: { uid } }) });
    } catch (error) {
      if (!isNotFound(error) && !isConflict(error)) throw error;
    }
  }

  #forget(key: string): void {
    const known = this.#uids.get(key);
    if (known === undefined) return;
    this.#uids.delete(key);
    this.#startedAt.delete(known.uid);
    this.#options.hosts.get(known.node)?.pool.release(known.uid);
  }
}

/** JSON with object keys sorted, to compare statuses regardless of field order. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
