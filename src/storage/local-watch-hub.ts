import { CompactedError } from './errors.js';
import type { WatchEvent, WatchOptions, WatchStream } from './interface.js';
import { watchCovers } from './keys.js';
import { QueuedWatchStream } from './queued-watch-stream.js';

/** What a LocalWatchHub needs from an in-process store; all synchronous. */
export interface LocalHistory {
  /** Committed changes after `sinceRevision` to `key` (or under it), in revision order. */
  eventsSince(sinceRevision: number, key: string, prefix: boolean): WatchEvent[];
  compactedRevision(): number;
  currentRevision(): number;
}

interface Watcher {
  readonly key: string;
  readonly prefix: boolean;
  /** Events at or below this revision were replayed already (or predate the watch). */
  readonly after: number;
  readonly stream: QueuedWatchStream;
}

/**
 * Fans out the writes of a store that lives in this process to its watchers. Because
 * history replay and subscription happen in one synchronous step, and the store
 * publishes each write right after committing it, a watcher sees no gap and no
 * duplicate.
 */
export class LocalWatchHub {
  readonly #history: LocalHistory;
  readonly #watchers = new Set<Watcher>();

  constructor(history: LocalHistory) {
    this.#history = history;
  }

  watch(key: string, options: WatchOptions = {}): WatchStream {
    const prefix = options.prefix ?? false;
    const current = this.#history.currentRevision();
    const since = options.sinceRevision;
    const watcher: Watcher = {
      key,
      prefix,
      after: since ?? current,
      stream: new QueuedWatchStream(() => this.#watchers.delete(watcher)),
    };
    if (since !== undefined) {
      const oldest = this.#history.compactedRevision();
      if (since + 1 < oldest) {
        watcher.stream.fail(new CompactedError(since + 1, oldest));
        return watcher.stream;
      }
      if (since < current) {
        for (const event of this.#history.eventsSince(since, key, prefix)) {
          watcher.stream.push(event);
        }
      }
    }
    this.#watchers.add(watcher);
    return watcher.stream;
  }

  /** Hands committed events, in revision order, to every watcher they concern. */
  publish(events: readonly WatchEvent[]): void {
    for (const watcher of this.#watchers) {
      for (const event of events) {
        const key = event.type === 'deleted' ? event.prevKv.key : event.kv.key;
        if (event.revision > watcher.after && watchCovers(watcher.key, watcher.prefix, key)) {
          watcher.stream.push(event);
        }
      }
    }
  }

  /** Ends every watch, for example because the store closed. */
  closeAll(): void {
    for (const watcher of [...this.#watchers]) watcher.stream.close();
  }
}
