import { WorkQueue } from '../../util/work-queue.js';
import type { ControllerContext } from './controller-context.js';
import { ControllerLoop } from './controller-loop.js';
import type { ControllerMetrics } from './controller-metrics.js';
import type { ControllerSpec } from './controller-spec.js';

export interface ControllerManagerOptions {
  readonly context: ControllerContext;
  readonly specs: readonly ControllerSpec[];
  readonly metrics: ControllerMetrics;
}

/**
 * Creates every controller, starts the shared informers, waits for their caches to
 * fill, then starts the reconcile loops. Reconcilers therefore never see an empty
 * cache at start-up and mistake it for "nothing exists".
 */
export class ControllerManager {
  readonly #options: ControllerManagerOptions;
  readonly #loops: ControllerLoop[] = [];
  #stopped = false;

  constructor(options: ControllerManagerOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    const { context, specs, metrics } = this.#options;
    for (const spec of specs) {
      const queue = new WorkQueue<string>({ clock: context.clock });
      const logger = context.logger.with({ controller: spec.name });
      const reconciler = spec.create({ ...context, logger }, queue);
      metrics.trackQueueDepth(spec.name, () => queue.length);
      this.#loops.push(new ControllerLoop({ name: spec.name, queue, reconciler, workers: spec.workers ?? 2, metrics, logger }));
    }
    context.informers.start();
    await context.informers.waitForSync();
    if (this.#stopped) return;
    for (const loop of this.#loops) loop.start();
    context.logger.info('controllers started', { count: this.#loops.length });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.#loops.map(async (loop) => loop.stop()));
    await this.#options.context.informers.stop();
  }
}
