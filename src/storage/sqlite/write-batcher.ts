import { StorageUnavailableError } from '../errors.js';
import { TugError, errorMessage } from '../../util/errors.js';

interface PendingWrite<Result> {
  readonly apply: () => Result;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: unknown) => void;
}

export interface WriteBatcherOptions {
  /** Runs a function inside one database transaction and commits it (or throws). */
  readonly transaction: (body: () => void) => void;
  /** Called after each commit; it publishes what the batch changed. */
  readonly afterCommit: () => void;
  /** Called when a commit fails, before the batch's callers hear of it. */
  readonly afterRollback: () => void;
  /** The most writes one transaction takes (bounds how long the event loop blocks). */
  readonly maxBatch: number;
}

/**
 * Group commit: writes that arrive in the same turn of the event loop share one
 * transaction (one fsync), and each caller hears back only after that commit. A write
 * whose own check fails (an exists or conflict error) fails alone; the batch goes on.
 */
export class WriteBatcher {
  readonly #options: WriteBatcherOptions;
  #pending: PendingWrite<unknown>[] = [];
  #scheduled = false;

  constructor(options: WriteBatcherOptions) {
    this.#options = options;
  }

  /** Queues `apply` (which runs inside the transaction) and resolves after commit. */
  submit<Result>(apply: () => Result): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.#pending.push({ apply, resolve: resolve as (result: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => {
          this.#flush();
        });
      }
    });
  }

  /** Resolves once every write submitted so far has been committed or refused. */
  async drain(): Promise<void> {
    while (this.#scheduled) await new Promise((resolve) => setImmediate(resolve));
  }

  #flush(): void {
    const batch = this.#pending.splice(0, this.#options.maxBatch);
    this.#scheduled = false;
    if (this.#pending.length > 0) {
      this.#scheduled = true;
      setImmediate(() => {
        this.#flush();
      });
    }
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      this.#options.transaction(() => {
        for (const write of batch) {
          try {
            outcomes.push({ ok: true, value: write.apply() });
          } catch (error) {
            // A database error aborts the whole transaction; a refused write only itself.
            if (!(error instanceof TugError)) throw error;
            outcomes.push({ ok: false, value: error });
          }
        }
      });
    } catch (error) {
      this.#options.afterRollback();
      const failure = new StorageUnavailableError(`SQLite write failed: ${errorMessage(error)}`, { cause: error });
      for (const write of batch) write.reject(failure);
      return;
    }
    this.#options.afterCommit();
    batch.forEach((write, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok === true) write.resolve(outcome.value);
      else write.reject(outcome?.value);
    });
  }
}
