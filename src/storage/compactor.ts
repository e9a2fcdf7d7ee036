import type { Clock, TimerHandle } from '../util/clock.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import type { Storage } from './interface.js';

export interface CompactorOptions {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How often to compact; Kubernetes compacts every 5 minutes. */
  readonly intervalMs: number;
}

/**
 * Compacts history on a schedule, as the Kubernetes API server does: at each tick it
 * compacts to the revision it saw at the previous tick, so watchers always have at
 * least one interval of history to resume from.
 */
export class Compactor {
  readonly #options: CompactorOptions;
  #lastSeen: number | undefined;
  #timer: TimerHandle | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(options: CompactorOptions) {
    this.#options = options;
  }

  start(): void {
    this.#schedule();
  }

  /** Stops the schedule and waits for a compaction in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#options.clock.cancel(this.#timer);
    await this.#running;
  }

  /** Runs one tick now; exposed for tests and for `tug datastore compact`. */
  async tick(): Promise<void> {
    const { storage, logger } = this.#options;
    try {
      const target = this.#lastSeen;
      this.#lastSeen = await storage.currentRevision();
      if (target !== undefined && target > (await storage.compactedRevision())) {
        await storage.compact(target);
        logger.info('compacted datastore history', { revision: target });
      }
    } catch (error) {
      logger.warn('datastore compaction failed; will retry', { error: errorMessage(error) });
    }
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = this.#options.clock.schedule(this.#options.intervalMs, () => {
      this.#running = this.tick().finally(() => {
        this.#running = undefined;
        this.#schedule();
      });
    });
  }
}
