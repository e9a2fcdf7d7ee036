import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import type { WorkQueue } from '../../util/work-queue.js';
import type { ControllerMetrics } from './controller-metrics.js';
import { TerminalError, type Reconciler } from './reconciler.js';

export interface ControllerLoopOptions {
  readonly name: string;
  readonly queue: WorkQueue<string>;
  readonly reconciler: Reconciler;
  readonly workers: number;
  readonly metrics: ControllerMetrics;
  readonly logger: Logger;
}

/** Runs workers that take keys from the queue and reconcile them, with retries and metrics. */
export class ControllerLoop {
  readonly #options: ControllerLoopOptions;
  #workers: Promise<void>[] = [];

  constructor(options: ControllerLoopOptions) {
    this.#options = options;
  }

  start(): void {
    for (let index = 0; index < this.#options.workers; index++) this.#workers.push(this.#work());
  }

  async stop(): Promise<void> {
    this.#options.queue.shutDown();
    await Promise.all(this.#workers);
    this.#workers = [];
  }

  async #work(): Promise<void> {
    const { queue } = this.#options;
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      try {
        await this.#reconcileOne(key);
      } finally {
        queue.done(key);
      }
    }
  }

  async #reconcileOne(key: string): Promise<void> {
    const { name, queue, reconciler, metrics, logger } = this.#options;
    const started = performance.now();
    const elapsed = () => (performance.now() - started) / 1000;
    try {
      const result = await reconciler.reconcile(key);
      queue.forget(key);
      if (result?.requeueAfterMs !== undefined) {
        queue.addAfter(key, result.requeueAfterMs);
        metrics.observe(name, 'requeue', elapsed());
      } else {
        metrics.observe(name, 'success', elapsed());
      }
    } catch (error) {
      if (error instanceof TerminalError) {
        queue.forget(key);
        metrics.observe(name, 'terminal', elapsed());
        logger.warn('reconcile failed for good', { key, error: errorMessage(error) });
        return;
      }
      metrics.observe(name, 'error', elapsed());
      const retries = queue.retries(key);
      if (retries < 3 || retries % 10 === 0) logger.warn('reconcile failed; will retry', { key, retries, error: errorMessage(error) });
      queue.addRateLimited(key);
    }
  }
}
