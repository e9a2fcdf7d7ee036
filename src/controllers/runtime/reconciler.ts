/** What a reconcile asks of the loop besides "done". */
export interface ReconcileResult {
  /** Reconcile this key again after this long (e.g. to re-check a deadline). */
  readonly requeueAfterMs?: number;
}

/**
 * A level-based reconciler: it reads the current state for `key` (from informer
 * caches) and acts to bring it to the desired state. It never relies on the event
 * that queued the key. Throwing retries the key with backoff; throwing a
 * TerminalError counts the failure without retrying.
 */
export interface Reconciler {
  reconcile(key: string): Promise<ReconcileResult | undefined>;
}

/** A failure that retrying cannot fix (invalid spec, ...). */
export class TerminalError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TerminalError';
  }
}

/** How a controller queues keys from its informer handlers. */
export interface Enqueuer {
  add(key: string): void;
  addAfter(key: string, ms: number): void;
}
