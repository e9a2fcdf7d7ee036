import type { Deployment, ReplicaSet } from '../../src/api/kinds.js';
import { type ApiClient, resourceOf } from '../../src/client/api-client.js';
import { Informer } from '../../src/client/informer.js';
import { systemClock } from '../../src/util/clock.js';
import { LineLogger } from '../../src/util/logger.js';

const DEPLOYMENTS = resourceOf('apps/v1', 'Deployment');
const REPLICA_SETS = resourceOf('apps/v1', 'ReplicaSet');

/** What the watches show of one Deployment: the Deployment and the ReplicaSets it owns. */
export interface RolloutView {
  readonly deployment: Deployment | undefined;
  readonly replicaSets: readonly ReplicaSet[];
}

interface Waiter {
  readonly done: (view: RolloutView) => boolean;
  readonly resolve: (met: boolean) => void;
}

/**
 * Watches (list + watch, through the client's Informer) the Deployments and
 * ReplicaSets of a namespace and tells observers of every change to one Deployment
 * or its ReplicaSets, so that a benchmark reads a rollout's progress from the watch
 * stream, as `kubectl rollout status` does, rather than by polling.
 */
export class RolloutTracker {
  readonly #name: string;
  readonly #namespace: string;
  readonly #deployments: Informer<Deployment>;
  readonly #replicaSets: Informer<ReplicaSet>;
  readonly #observers = new Set<(view: RolloutView) => void>();
  readonly #waiters = new Set<Waiter>();
  #changes = 0;

  constructor(client: ApiClient, namespace: string, name: string, log: (message: string) => void) {
    this.#name = name;
    this.#namespace = namespace;
    const logger = new LineLogger({ component: 'rollout-bench' }, (line) => {
      if (!line.includes(' INFO ')) log(`rollout watch: ${line.trimEnd()}`);
    });
    const common = { client, clock: systemClock, logger, namespace, resyncMs: 0 };
    this.#deployments = new Informer<Deployment>({ ...common, resource: DEPLOYMENTS });
    this.#replicaSets = new Informer<ReplicaSet>({ ...common, resource: REPLICA_SETS });
    const changed = { onAdd: () => { this.#changed(); }, onUpdate: () => { this.#changed(); }, onDelete: () => { this.#changed(); } };
    this.#deployments.addHandler(changed);
    this.#replicaSets.addHandler(changed);
  }

  async start(): Promise<void> {
    this.#deployments.start();
    this.#replicaSets.start();
    await Promise.all([this.#deployments.waitForSync(), this.#replicaSets.waitForSync()]);
  }

  async stop(): Promise<void> {
    for (const waiter of this.#waiters) waiter.resolve(false);
    this.#waiters.clear();
    await Promise.all([this.#deployments.stop(), this.#replicaSets.stop()]);
  }

  /** How many watch events (of the Deployment or any ReplicaSet in the namespace) arrived so far. */
  get changes(): number {
    return this.#changes;
  }

  view(): RolloutView {
    const deployment = this.#deployments.get(this.#namespace, this.#name);
    const uid = deployment?.metadata.uid;
    const replicaSets =
      uid === undefined ? [] : this.#replicaSets.list(this.#namespace).filter((rs) => rs.metadata.ownerReferences?.some((owner) => owner.uid === uid) ?? false);
    return { deployment, replicaSets };
  }

  /** Calls `observer` with the view after every change until the returned function is called. */
  observe(observer: (view: RolloutView) => void): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
  }

  /** Resolves true once `done(view)` holds (checked now and on every change), false after `timeoutMs`. */
  async waitUntil(done: (view: RolloutView) => boolean, timeoutMs: number): Promise<boolean> {
    if (done(this.view())) return true;
    let timer: NodeJS.Timeout | undefined;
    const met = await new Promise<boolean>((resolve) => {
      const waiter: Waiter = { done, resolve };
      this.#waiters.add(waiter);
      timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        resolve(false);
      }, timeoutMs);
    });
    clearTimeout(timer);
    return met;
  }

  #changed(): void {
    this.#changes++;
    const view = this.view();
    for (const observer of this.#observers) observer(view);
    for (const waiter of this.#waiters) {
      if (waiter.done(view)) {
        this.#waiters.delete(waiter);
        waiter.resolve(true);
      }
    }
  }
}
