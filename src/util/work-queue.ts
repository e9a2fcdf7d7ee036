import { ExponentialBackoff } from './backoff.js';
import type { Clock } from './clock.js';

/**
 * A work queue of keys with the guarantees controllers rely on (as client-go's):
 * a key is queued at most once however often it is added; a key being processed is
 * never handed to a second worker, and if it is added meanwhile it is queued again
 * when `done` is called. Failed keys come back after a per-key exponential delay.
 */
export class WorkQueue<K> {
  readonly #clock: Clock;
  readonly #backoff: ExponentialBackoff<K>;
  readonly #queue: K[] = [];
  readonly #dirty = new Set<K>();
  readonly #processing = new Set<K>();
  readonly #delayed = new Map<K, { at: number; handle: ReturnType<Clock['schedule']> }>();
  readonly #waiters: ((key: K | undefined) => void)[] = [];
  #shuttingDown = false;

  constructor(options: { clock: Clock; baseDelayMs?: number; maxDelayMs?: number }) {
    this.#clock = options.clock;
    this.#backoff = new ExponentialBackoff({ baseMs: options.baseDelayMs ?? 5, maxMs: options.maxDelayMs ?? 300_000 });
  }

  add(key: K): void {
    if (this.#shuttingDown || this.#dirty.has(key)) return;
    this.#dirty.add(key);
    if (this.#processing.has(key)) return;
    const waiter = this.#waiters.shift();
    if (waiter === undefined) this.#queue.push(key);
    else waiter(key);
  }

  /** Adds `key` after `ms`; an earlier pending delay for the key wins. */
  addAfter(key: K, ms: number): void {
    if (this.#shuttingDown) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const at = this.#clock.now() + ms;
    const pending = this.#delayed.get(key);
    if (pending !== undefined) {
      if (pending.at <= at) return;
      this.#clock.cancel(pending.handle);
    }
    const handle = this.#clock.schedule(ms, () => {
      this.#delayed.delete(key);
      this.add(key);
    });
    this.#delayed.set(key, { at, handle });
  }

  /** Adds `key` after its backoff delay, which doubles with every call until `forget`. */
  addRateLimited(key: K): void {
    this.addAfter(key, this.#backoff.next(key));
  }

  forget(key: K): void {
    this.#backoff.forget(key);
  }

  /** How many times `key` was rate-limited since it was last forgotten. */
  retries(key: K): number {
    return this.#backoff.failures(key);
  }

  /** The next key to process, or undefined once the queue shuts down. Call `done` after. */
  async get(): Promise<K | undefined> {
    const key = this.#queue.shift();
    if (key !== undefined) return this.#take(key);
    if (this.#shuttingDown) return undefined;
    const next = await new Promise<K | undefined>((resolve) => this.#waiters.push(resolve));
    return next === undefined ? undefined : this.#take(next);
  }

  done(key: K): void {
    this.#processing.delete(key);
    if (this.#dirty.has(key)) {
      this.#dirty.delete(key);
      this.add(key);
    }
  }

  get length(): number {
    return this.#queue.length;
  }

  shutDown(): void {
    this.#shuttingDown = true;
    for (const { handle } of this.#delayed.values()) this.#clock.cancel(handle);
    this.#delayed.clear();
    for (const waiter of this.#waiters.splice(0)) waiter(undefined);
  }

  #take(key: K): K {
    this.#dirty.delete(key);
    this.#processing.add(key);
    return key;
  }
}
