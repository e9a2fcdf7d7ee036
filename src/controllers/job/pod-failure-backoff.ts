interface BackoffRecord {
  readonly failuresAfterLastSuccess: number;
  readonly lastFailureAt: number;
}

export interface FinishedPod {
  readonly failed: boolean;
  readonly at: number;
}

export interface PodFailureBackoffOptions {
  /** Upstream: 10 s. */
  readonly baseMs: number;
  /** Upstream: 6 min. */
  readonly maxMs: number;
}

/**
 * Upstream's delay before a Job replaces failed pods: base * 2^(failures - 1) since
 * the last failure, capped at max; a success after the last failure resets it.
 */
export class PodFailureBackoff {
  readonly #options: PodFailureBackoffOptions;
  readonly #records = new Map<string, BackoffRecord>();

  constructor(options: PodFailureBackoffOptions) {
    this.#options = options;
  }

  /** The record `key` would have after `finished` pods (not yet applied; see `save`). */
  next(key: string, finished: readonly FinishedPod[]): BackoffRecord {
    let record = this.#records.get(key) ?? { failuresAfterLastSuccess: 0, lastFailureAt: 0 };
    for (const pod of [...finished].sort((a, b) => a.at - b.at)) {
      if (pod.failed) record = { failuresAfterLastSuccess: record.failuresAfterLastSuccess + 1, lastFailureAt: Math.max(record.lastFailureAt, pod.at) };
      else if (pod.at >= record.lastFailureAt) record = { failuresAfterLastSuccess: 0, lastFailureAt: record.lastFailureAt };
    }
    return record;
  }

  save(key: string, record: BackoffRecord): void {
    this.#records.set(key, record);
  }

  /** How long to wait, from `now`, before creating replacement pods. */
  remainingMs(record: BackoffRecord, now: number): number {
    if (record.failuresAfterLastSuccess === 0) return 0;
    const delay = Math.min(this.#options.maxMs, this.#options.baseMs * 2 ** (record.failuresAfterLastSuccess - 1));
    return Math.max(0, delay - (now - record.lastFailureAt));
  }

  forget(key: string): void {
    this.#records.delete(key);
  }
}
