import type { Pod } from '../../api/kinds.js';
import { resourceOf, type ApiClient } from '../../client/api-client.js';
import { Informer } from '../../client/informer.js';
import type { Clock, TimerHandle } from '../../util/clock.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { WorkQueue } from '../../util/work-queue.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { POD_UID_LABEL } from './pod-labels.js';
import type { PodSyncer } from './pod-syncer.js';

const PODS = resourceOf('v1', 'Pod');

export interface PodManagerOptions {
  readonly client: ApiClient;
  readonly runtime: ContainerRuntime;
  readonly syncer: PodSyncer;
  readonly nodeName: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Pods synced at once (different pods only). */
  readonly workers?: number;
  /** How often the runtime is relisted to notice container changes (kubelet's PLEG: 1 s). */
  readonly relistMs?: number;
}

/**
 * Watches the pods bound to this node and syncs each one through the PodSyncer,
 * one sync per pod at a time, whenever its object changes, its containers change
 * in the runtime (a relist like the kubelet's PLEG), a probe result flips or a
 * back-off ends.
 */
export class PodManager {
  readonly #options: PodManagerOptions;
  readonly #informer: Informer<Pod>;
  readonly #queue: WorkQueue<string>;
  readonly #pods = new Map<string, Pod>();
  readonly #fingerprints = new Map<string, string>();
  readonly #loops: Promise<void>[] = [];
  #relistTimer: TimerHandle | undefined;
  #running = false;

  constructor(options: PodManagerOptions) {
    this.#options = options;
    this.#queue = new WorkQueue<string>({ clock: options.clock, baseDelayMs: 500, maxDelayMs: 30_000 });
    this.#informer = new Informer<Pod>({
      client: options.client,
      resource: PODS,
      clock: options.clock,
      logger: options.logger,
      fieldSelector: `spec.nodeName=${options.nodeName}`,
      resyncMs: 30_000,
    });
    this.#informer.addHandler({
      onAdd: (pod) => {
        this.#seen(pod);
      },
      onUpdate: (previous, pod) => {
        // `previous === pod` is the informer's periodic resync: every pod is synced again,
        // which also refreshes configMap/secret/projected volume contents, as kubelet's sync loop does.
        if (previous === pod || specOrMetaChanged(previous, pod)) this.#seen(pod);
        else this.#pods.set(pod.metadata.uid ?? '', pod);
      },
      onDelete: (pod) => {
        const uid = pod.metadata.uid ?? '';
        this.#pods.delete(uid);
        this.#queue.add(uid);
      },
    });
  }

  /** Asks for the pod to be synced soon (a probe result changed). */
  enqueue(podUid: string): void {
    this.#queue.add(podUid);
  }

  async start(): Promise<void> {
    this.#running = true;
    this.#informer.start();
    await this.#informer.waitForSync();
    try {
      await this.#options.syncer.removeOrphans(new Set(this.#pods.keys()));
    } catch (error) {
      this.#options.logger.warn('removing leftovers of deleted pods failed', { error: errorMessage(error) });
    }
    for (let index = 0; index < (this.#options.workers ?? 16); index += 1) this.#loops.push(this.#work());
    this.#scheduleRelist();
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#relistTimer !== undefined) this.#options.clock.cancel(this.#relistTimer);
    this.#queue.shutDown();
    await this.#informer.stop();
    await Promise.all(this.#loops);
  }

  #seen(pod: Pod): void {
    const uid = pod.metadata.uid ?? '';
    this.#pods.set(uid, pod);
    this.#queue.add(uid);
  }

  async #work(): Promise<void> {
    for (;;) {
      const uid = await this.#queue.get();
      if (uid === undefined) return;
      try {
        const result = await this.#options.syncer.sync(uid, this.#pods.get(uid));
        this.#queue.forget(uid);
        if (result.requeueAfterMs !== undefined) this.#queue.addAfter(uid, result.requeueAfterMs);
      } catch (error) {
        this.#options.logger.warn('syncing pod failed', { pod: uid, error: errorMessage(error) });
        this.#queue.addRateLimited(uid);
      } finally {
        this.#queue.done(uid);
      }
    }
  }

  #scheduleRelist(): void {
    if (!this.#running) return;
    this.#relistTimer = this.#options.clock.schedule(this.#options.relistMs ?? 1000, () => {
      void this.#relist().finally(() => {
        this.#scheduleRelist();
      });
    });
  }

  /** Syncs every pod whose containers or sandboxes changed state since the last relist. */
  async #relist(): Promise<void> {
    try {
      const [containers, sandboxes] = await Promise.all([this.#options.runtime.listContainers(), this.#options.runtime.listPodSandboxes()]);
      const states = new Map<string, string[]>();
      for (const item of [...containers, ...sandboxes]) {
        const uid = item.labels[POD_UID_LABEL];
        if (uid === undefined) continue;
        states.set(uid, [...(states.get(uid) ?? []), `${item.id}:${item.state}`]);
      }
      for (const [uid, entries] of states) {
        const fingerprint = entries.sort().join(',');
        if (this.#fingerprints.get(uid) !== fingerprint) {
          this.#fingerprints.set(uid, fingerprint);
          this.#queue.add(uid);
        }
      }
      for (const uid of this.#fingerprints.keys()) {
        if (!states.has(uid)) this.#fingerprints.delete(uid);
      }
    } catch (error) {
      this.#options.logger.warn('relisting the runtime failed', { error: errorMessage(error) });
    }
  }
}

/** Status-only updates (mostly our own writes) do not call for a sync, as in the kubelet. */
function specOrMetaChanged(previous: Pod, current: Pod): boolean {
  const essence = (pod: Pod): string => {
    const { resourceVersion: _version, managedFields: _fields, ...metadata } = pod.metadata;
    return JSON.stringify([metadata, pod.spec]);
  };
  return essence(previous) !== essence(current);
}
