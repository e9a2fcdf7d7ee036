import type { ControllerContext } from './controller-context.js';
import type { Enqueuer, Reconciler } from './reconciler.js';

/**
 * How a controller plugs into the manager: `create` gets its informers from the
 * context, registers handlers that enqueue keys, and returns the reconciler.
 * Informers start after every controller was created.
 */
export interface ControllerSpec {
  readonly name: string;
  /** Concurrent reconciles (different keys only); default 2. */
  readonly workers?: number;
  create(context: ControllerContext, queue: Enqueuer): Reconciler;
}
