import type { Clock } from '../../util/clock.js';

interface Expectation {
  adds: number;
  deletes: Set<string>;
  at: number;
}

/** After this long an unmet expectation is given up on (a watch event was missed). */
const EXPECTATION_TTL_MS = 5 * 60_000;

/**
 * What a controller has asked for but not yet seen in its cache (pods it created or
 * deleted), so that it does not act twice on a stale cache. Until the expected
 * events arrive (or the TTL passes), `satisfied` is false and the controller waits.
 */
export class Expectations {
  readonly #clock: Clock;
  readonly #byKey = new Map<string, Expectation>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  satisfied(key: string): boolean {
    const expectation = this.#byKey.get(key);
    if (expectation === undefined) return true;
    if (expectation.adds <= 0 && expectation.deletes.size === 0) return true;
    return this.#clock.now() - expectation.at > EXPECTATION_TTL_MS;
  }

  expectCreations(key: string, count: number): void {
    this.#entry(key).adds += count;
  }

  expectDeletions(key: string, podKeys: readonly string[]): void {
    const entry = this.#entry(key);
    for (const podKey of podKeys) entry.deletes.add(podKey);
  }

  creationObserved(key: string): void {
    const expectation = this.#byKey.get(key);
    if (expectation !== undefined) expectation.adds -= 1;
  }

  /** A creation we expected failed, so its event will never come. */
  creationFailed(key: string): void {
    this.creationObserved(key);
  }

  deletionObserved(key: string, podKey: string): void {
    this.#byKey.get(key)?.deletes.delete(podKey);
  }

  forget(key: string): void {
    this.#byKey.delete(key);
  }

  #entry(key: string): Expectation {
    let entry = this.#byKey.get(key);
    if (entry === undefined || (entry.adds <= 0 && entry.deletes.size === 0)) {
      entry = { adds: 0, deletes: new Set(), at: this.#clock.now() };
      this.#byKey.set(key, entry);
    }
    entry.at = this.#clock.now();
    return entry;
  }
}
