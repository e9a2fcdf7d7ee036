import type { Lease } from '../../api/kinds.js';
import { resourceOf, type ApiClient } from '../../client/api-client.js';
import { isAlreadyExists, isConflict, isNotFound } from '../../client/api-status-error.js';
import { rfc3339micro } from '../../client/micro-time.js';
import { rfc3339, type Clock, type TimerHandle } from '../../util/clock.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import type { ConcurrencyLimiter } from './concurrency-limiter.js';
import { healthyConditions } from './simulated-node-object.js';

const LEASES = resourceOf('coordination.k8s.io/v1', 'Lease');
const NODES = resourceOf('v1', 'Node');
const LEASE_NAMESPACE = 'kube-node-lease';

export interface HeartbeatTimings {
  readonly leaseRenewIntervalMs: number;
  readonly leaseDurationSeconds: number;
  readonly statusRefreshIntervalMs: number;
}

interface Beating {
  readonly name: string;
  nodeUid: string;
  lease: Lease | undefined;
  readySince: string;
  nextLeaseAt: number;
  nextStatusAt: number;
  busy: boolean;
}

/**
 * The heartbeats of many simulated kubelets: each node's Lease is renewed every
 * interval and its Ready condition refreshed less often, with nodes spread evenly
 * over the interval and a shared limit on requests in flight, so thousands of nodes
 * make a steady trickle of writes rather than bursts.
 */
export class NodeHeartbeats {
  readonly #client: ApiClient;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #limiter: ConcurrencyLimiter;
  readonly #timings: HeartbeatTimings;
  readonly #nodes = new Map<string, Beating>();
  readonly #inFlight = new Set<Promise<void>>();
  #timer: TimerHandle | undefined;
  #running = false;

  constructor(options: { client: ApiClient; clock: Clock; logger: Logger; limiter: ConcurrencyLimiter; timings: HeartbeatTimings }) {
    this.#client = options.client;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#limiter = options.limiter;
    this.#timings = options.timings;
  }

  /** Creates (or takes over) the node's Lease and schedules its heartbeats at `slot` of `slots` in the interval. */
  async register(name: string, nodeUid: string, slot: number, slots: number): Promise<void> {
    const now = this.#clock.now();
    const node: Beating = {
      name,
      nodeUid,
      lease: undefined,
      readySince: rfc3339(now),
      nextLeaseAt: now + (this.#timings.leaseRenewIntervalMs * slot) / slots,
      nextStatusAt: now + (this.#timings.statusRefreshIntervalMs * slot) / slots,
      busy: false,
    };
    await this.#renewLease(node);
    this.#nodes.set(name, node);
  }

  start(): void {
    this.#running = true;
    this.#schedule();
  }

  /** Asks for the node's status to be posted at the next tick (it was seen not Ready). */
  refreshSoon(name: string): void {
    const node = this.#nodes.get(name);
    if (node === undefined) return;
    node.readySince = rfc3339(this.#clock.now());
    node.nextStatusAt = 0;
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer !== undefined) this.#clock.cancel(this.#timer);
    await Promise.all(this.#inFlight);
  }

  #schedule(): void {
    if (!this.#running) return;
    const tickMs = Math.max(20, Math.min(250, this.#timings.leaseRenewIntervalMs / 8));
    this.#timer = this.#clock.schedule(tickMs, () => {
      this.#tick();
      this.#schedule();
    });
  }

  #tick(): void {
    const now = this.#clock.now();
    for (const node of this.#nodes.values()) {
      if (node.busy) continue;
      const lease = now >= node.nextLeaseAt;
      const status = now >= node.nextStatusAt;
      if (!lease && !status) continue;
      node.busy = true;
      const beat = this.#limiter
        .run(async () => {
          if (!this.#running) return;
          if (lease) await this.#renewLease(node);
          if (status) await this.#postStatus(node);
        })
        .catch((error: unknown) => {
          this.#logger.warn('heartbeat failed', { node: node.name, error: errorMessage(error) });
        })
        .finally(() => {
          node.busy = false;
          this.#inFlight.delete(beat);
        });
      this.#inFlight.add(beat);
    }
  }

  async #renewLease(node: Beating): Promise<void> {
    const now = this.#clock.now();
    node.nextLeaseAt = now + this.#timings.leaseRenewIntervalMs;
    const renewTime = rfc3339micro(now);
    if (node.lease !== undefined) {
      try {
        node.lease = await this.#client.update(LEASES, { ...node.lease, spec: { ...node.lease.spec, renewTime } });
        return;
      } catch (error) {
        if (!isConflict(error) && !isNotFound(error)) throw error;
        node.lease = undefined;
      }
    }
    const fresh: Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: node.name,
        namespace: LEASE_NAMESPACE,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.name, uid: node.nodeUid }],
      },
      spec: { holderIdentity: node.name, leaseDurationSeconds: this.#timings.leaseDurationSeconds, renewTime },
    };
    try {
      node.lease = await this.#client.create(LEASES, fresh);
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      const existing = await this.#client.get<Lease>(LEASES, LEASE_NAMESPACE, node.name);
      node.lease = await this.#client.update(LEASES, { ...existing, spec: { ...fresh.spec, ...(existing.spec?.acquireTime === undefined ? {} : { acquireTime: existing.spec.acquireTime }) } });
    }
  }

  async #postStatus(node: Beating): Promise<void> {
    const now = this.#clock.now();
    node.nextStatusAt = now + this.#timings.statusRefreshIntervalMs;
    await this.#client.patch(NODES, undefined, node.name, 'merge', { status: { conditions: healthyConditions(rfc3339(now), node.readySince) } }, { subresource: 'status' });
  }
}
