/** Time as components see it; tests pass a FakeClock so they never sleep for real. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `callback` once after `ms`; returns a handle for `cancel`. */
  schedule(ms: number, callback: () => void): TimerHandle;
  cancel(handle: TimerHandle): void;
}

/** A time as Kubernetes serializes metav1.Time: RFC 3339 in UTC, whole seconds. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

export interface TimerHandle {
  readonly id: number;
}

class SystemClock implements Clock {
  #timers = new Map<number, NodeJS.Timeout>();
  #nextId = 1;

  now(): number {
    return Date.now();
  }

  schedule(ms: number, callback: () => void): TimerHandle {
    const id = this.#nextId++;
    const timer = setTimeout(() => {
      this.#timers.delete(id);
      callback();
    }, ms);
    timer.unref();
    this.#timers.set(id, timer);
    return { id };
  }

  cancel(handle: TimerHandle): void {
    clearTimeout(this.#timers.get(handle.id));
    this.#timers.delete(handle.id);
  }
}

/** The real clock. Its timers do not keep the process alive on their own. */
export const systemClock: Clock = new SystemClock();

/** A clock that moves only when a test calls `advance`. */
export class FakeClock implements Clock {
  #now: number;
  #nextId = 1;
  #timers = new Map<number, { at: number; callback: () => void }>();

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  schedule(ms: number, callback: () => void): TimerHandle {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), callback });
    return { id };
  }

  cancel(handle: TimerHandle): void {
    this.#timers.delete(handle.id);
  }

  /** Moves time forward, firing due timers in order (including ones they schedule). */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const due = [...this.#timers.entries()]
        .filter(([, timer]) => timer.at <= end)
        .sort(([a, x], [b, y]) => x.at - y.at || a - b)[0];
      if (due === undefined) break;
      const [id, timer] = due;
      this.#timers.delete(id);
      this.#now = timer.at;
      timer.callback();
    }
    this.#now = end;
  }

  /** How many timers are waiting. */
  get pending(): number {
    return this.#timers.size;
  }
}
