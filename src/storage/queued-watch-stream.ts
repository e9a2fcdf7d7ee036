import type { WatchEvent, WatchStream } from './interface.js';

/**
 * A WatchStream fed by its producer through `push`, `fail` and `end`. Events wait in
 * an unbounded queue until the consumer takes them; `onClose` lets the producer
 * unsubscribe when the consumer stops.
 */
export class QueuedWatchStream implements WatchStream {
  #queue: WatchEvent[] = [];
  #error: Error | undefined;
  #done = false;
  #wake: (() => void) | undefined;
  readonly #onClose: () => void;

  constructor(onClose: () => void = () => undefined) {
    this.#onClose = onClose;
  }

  push(event: WatchEvent): void {
    if (this.#done) return;
    this.#queue.push(event);
    this.#notify();
  }

  /** Ends the stream with an error, after the events already queued. */
  fail(error: unknown): void {
    if (this.#done) return;
    this.#error = error instanceof Error ? error : new Error(String(error));
    this.#finish();
  }

  /** Whether the stream has been closed or has failed. */
  get done(): boolean {
    return this.#done;
  }

  close(): void {
    if (this.#done) return;
    this.#queue = [];
    this.#finish();
  }

  #finish(): void {
    this.#done = true;
    this.#onClose();
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent> {
    try {
      for (;;) {
        const event = this.#queue.shift();
        if (event !== undefined) {
          yield event;
          continue;
        }
        if (this.#done) {
          if (this.#error !== undefined) throw this.#error;
          return;
        }
        await new Promise<void>((resolve) => (this.#wake = resolve));
      }
    } finally {
      this.close();
    }
  }
}
