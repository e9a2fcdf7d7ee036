import type { Clock } from '../../util/clock.js';

interface Entry {
  delayMs: number;
  lastUpdate: number;
}

/**
 * The kubelet's back-off (client-go flowcontrol.Backoff): a per-key delay that
 * starts at `initialMs`, doubles up to `maxMs`, and starts over when the key was
 * quiet for twice the maximum (for restarts: a container that ran 10 minutes).
 */
export class RestartBackoff {
  readonly #initialMs: number;
  readonly #maxMs: number;
  readonly #clock: Clock;
  readonly #entries = new Map<string, Entry>();

  constructor(options: { clock: Clock; initialMs?: number; maxMs?: number }) {
    this.#clock = options.clock;
    this.#initialMs = options.initialMs ?? 10_000;
    this.#maxMs = options.maxMs ?? 300_000;
  }

  /** How much longer `key` waits, counting its delay from `eventTime` (e.g. the container's finish); 0 when it may go. */
  remainingSince(key: string, eventTime: number): number {
    const entry = this.#entries.get(key);
    if (entry === undefined || this.#expired(eventTime, entry)) return 0;
    return Math.max(0, eventTime + entry.delayMs - this.#clock.now());
  }

  /** How much longer `key` waits, counting from its last `next`. */
  remainingSinceUpdate(key: string): number {
    const entry = this.#entries.get(key);
    if (entry === undefined) return 0;
    const now = this.#clock.now();
    if (this.#expired(now, entry)) return 0;
    return Math.max(0, entry.lastUpdate + entry.delayMs - now);
  }

  /** The current delay of `key` (0 if none). */
  delay(key: string): number {
    return this.#entries.get(key)?.delayMs ?? 0;
  }

  next(key: string, eventTime = this.#clock.now()): void {
    const entry = this.#entries.get(key);
    if (entry === undefined || this.#expired(eventTime, entry)) {
      this.#entries.set(key, { delayMs: this.#initialMs, lastUpdate: eventTime });
      return;
    }
    entry.delayMs = Math.min(entry.delayMs * 2, this.#maxMs);
    entry.lastUpdate = eventTime;
  }

  forgetPrefix(prefix: string): void {
    for (const key of this.#entries.keys()) if (key.startsWith(prefix)) this.#entries.delete(key);
  }

  #expired(eventTime: number, entry: Entry): boolean {
    return eventTime - entry.lastUpdate > 2 * this.#maxMs;
  }
}

/** A Go-style duration of whole seconds ("10s", "1m20s", "5m0s"), as in kubelet messages. */
export function goDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h${minutes % 60}m${seconds % 60}s`;
}
