import { rfc3339micro } from './micro-time.js';
import type { Clock } from '../util/clock.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { resourceOf, type ApiClient } from './api-client.js';
import { isAlreadyExists, isConflict, isNotFound } from './api-status-error.js';
import type { ApiObject } from '../api/object.js';

const LEASES = resourceOf('coordination.k8s.io/v1', 'Lease');

export interface LeaderElectorOptions {
  readonly client: ApiClient;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly namespace: string;
  readonly name: string;
  /** Who we are, unique per process (e.g. hostname + random suffix). */
  readonly identity: string;
  readonly leaseDurationMs?: number;
  readonly renewIntervalMs?: number;
  readonly onStartedLeading: () => void;
  readonly onStoppedLeading: () => void;
}

interface Lease extends ApiObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

/**
 * Leader election on a coordination.k8s.io Lease, as client-go does it: the holder
 * renews the lease; others take it over once it has not been renewed for its
 * duration. Writes are compare-and-swap (resourceVersion), so two candidates never
 * both win. A leader that cannot renew in time steps down.
 */
export class LeaderElector {
  readonly #options: LeaderElectorOptions;
  readonly #durationMs: number;
  readonly #renewMs: number;
  #leading = false;
  #stopped = false;
  #lastRenew = 0;
  #observed: { holder: string; renewTime: string; seenAt: number } | undefined;
  #timer: ReturnType<Clock['schedule']> | undefined;

  constructor(options: LeaderElectorOptions) {
    this.#options = options;
    this.#durationMs = options.leaseDurationMs ?? 15_000;
    this.#renewMs = options.renewIntervalMs ?? Math.floor(this.#durationMs / 3);
  }

  get isLeader(): boolean {
    return this.#leading;
  }

  start(): void {
    void this.#tick();
  }

  /** Stops campaigning; a leader releases the lease so another can take over at once. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#options.clock.cancel(this.#timer);
    if (!this.#leading) return;
    this.#leading = false;
    try {
      const lease = await this.#options.client.get<Lease>(LEASES, this.#options.namespace, this.#options.name);
      if (lease.spec?.holderIdentity === this.#options.identity) {
        await this.#options.client.update(LEASES, { ...lease, spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1 } });
      }
    } catch {
      // Best effort: the lease expires on its own.
    }
    this.#options.onStoppedLeading();
  }

  async #tick(): Promise<void> {
    if (this.#stopped) return;
    try {
      const acquired = await this.#tryAcquireOrRenew();
      if (acquired) this.#lastRenew = this.#options.clock.now();
    } catch (error) {
      this.#options.logger.warn('leader election attempt failed', { lease: this.#options.name, error: errorMessage(error) });
    }
    if (this.#isStopped()) return;
    const now = this.#options.clock.now();
    if (this.#leading && now - this.#lastRenew > this.#durationMs) {
      this.#leading = false;
      this.#options.logger.warn('lost leadership', { lease: this.#options.name });
      this.#options.onStoppedLeading();
    }
    this.#timer = this.#options.clock.schedule(this.#leading ? this.#renewMs : Math.max(500, this.#renewMs / 2), () => {
      void this.#tick();
    });
  }

  #isStopped(): boolean {
    return this.#stopped;
  }

  async #tryAcquireOrRenew(): Promise<boolean> {
    const { client, clock, namespace, name, identity } = this.#options;
    const now = rfc3339micro(clock.now());
    const durationSeconds = Math.ceil(this.#durationMs / 1000);
    let lease: Lease;
    try {
      lease = await client.get<Lease>(LEASES, namespace, name);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      try {
        await client.create<Lease>(LEASES, {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name, namespace },
          spec: { holderIdentity: identity, leaseDurationSeconds: durationSeconds, acquireTime: now, renewTime: now, leaseTransitions: 0 },
        });
      } catch (createError) {
        if (isAlreadyExists(createError)) return false;
        throw createError;
      }
      this.#becomeLeader();
      return true;
    }
    const spec = lease.spec ?? {};
    const holder = spec.holderIdentity ?? '';
    const renewTime = spec.renewTime ?? '';
    if (this.#observed?.holder !== holder || this.#observed.renewTime !== renewTime) {
      this.#observed = { holder, renewTime, seenAt: clock.now() };
    }
    const heldByOther = holder !== '' && holder !== identity;
    const expired = clock.now() - this.#observed.seenAt > (spec.leaseDurationSeconds ?? durationSeconds) * 1000;
    if (heldByOther && !expired) return false;
    const transitions = (spec.leaseTransitions ?? 0) + (holder === identity ? 0 : 1);
    try {
      await client.update<Lease>(LEASES, {
        ...lease,
        spec: {
          holderIdentity: identity,
          leaseDurationSeconds: durationSeconds,
          acquireTime: holder === identity ? (spec.acquireTime ?? now) : now,
          renewTime: now,
          leaseTransitions: transitions,
        },
      });
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
    this.#becomeLeader();
    return true;
  }

  #becomeLeader(): void {
    if (this.#leading) return;
    this.#leading = true;
    this.#options.logger.info('became leader', { lease: this.#options.name, identity: this.#options.identity });
    this.#options.onStartedLeading();
  }
}
