import type { Clock, TimerHandle } from '../../util/clock.js';
import type { ClusterEvent } from '../framework/cluster-event.js';
import type { PodInfo } from '../framework/pod-info.js';
import { Heap } from './heap.js';
import { prioritySortLess, type QueuedPodInfo } from './queued-pod-info.js';

export interface SchedulingQueueOptions {
  readonly clock: Clock;
  /** Whether `event` may make a pod rejected by these plugins schedulable. */
  readonly mayHelp: (event: ClusterEvent, plugins: ReadonlySet<string>) => boolean;
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Pods unschedulable this long go back to the active queue regardless of events. */
  readonly maxUnschedulableMs?: number;
}

const BACKOFF_FLUSH_MS = 1000;
const UNSCHEDULABLE_FLUSH_MS = 30_000;

const byKey = (info: QueuedPodInfo): string => info.podInfo.key;

/**
 * Upstream's PriorityQueue: activeQ (ordered by PrioritySort), backoffQ (ordered by
 * when each pod's backoff ends: 1 s doubling per attempt up to 10 s) and
 * unschedulablePods (parked until a cluster event that may help, or 5 minutes).
 * A pod failing after a move request was made during its attempt goes to backoffQ,
 * not unschedulablePods, so the event is not lost.
 */
export class SchedulingQueue {
  readonly #clock: Clock;
  readonly #mayHelp: SchedulingQueueOptions['mayHelp'];
  readonly #initialBackoffMs: number;
  readonly #maxBackoffMs: number;
  readonly #maxUnschedulableMs: number;
  readonly #active = new Heap<QueuedPodInfo>(byKey, prioritySortLess);
  readonly #backoff = new Heap<QueuedPodInfo>(byKey, (a, b) => this.#backoffEnd(a) < this.#backoffEnd(b));
  readonly #unschedulable = new Map<string, QueuedPodInfo>();
  /** Popped pods still being scheduled, with whether they were deleted meanwhile. */
  readonly #inFlight = new Map<string, { deleted: boolean }>();
  readonly #waiters: ((info: QueuedPodInfo | undefined) => void)[] = [];
  readonly #timers: TimerHandle[] = [];
  #schedulingCycle = 0;
  #moveRequestCycle = -1;
  #closed = false;

  constructor(options: SchedulingQueueOptions) {
    this.#clock = options.clock;
    this.#mayHelp = options.mayHelp;
    this.#initialBackoffMs = options.initialBackoffMs ?? 1000;
    this.#maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.#maxUnschedulableMs = options.maxUnschedulableMs ?? 300_000;
  }

  /** Starts the periodic flushes of backoffQ (every second) and unschedulablePods (every 30 s). */
  run(): void {
    this.#every(BACKOFF_FLUSH_MS, () => {
      this.flushBackoffCompleted();
    });
    this.#every(UNSCHEDULABLE_FLUSH_MS, () => {
      this.flushUnschedulableLeftover();
    });
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#timers.splice(0)) this.#clock.cancel(timer);
    for (const waiter of this.#waiters.splice(0)) waiter(undefined);
  }

  /** Increments on every pop: the cycle number of the pod just popped. */
  get schedulingCycle(): number {
    return this.#schedulingCycle;
  }

  get lengths(): { active: number; backoff: number; unschedulable: number } {
    return { active: this.#active.size, backoff: this.#backoff.size, unschedulable: this.#unschedulable.size };
  }

  /** A new pending pod. */
  add(pod: PodInfo): void {
    this.#pushActive({ podInfo: pod, timestamp: this.#clock.now(), attempts: 0, initialAttemptTimestamp: undefined, unschedulablePlugins: new Set() });
  }

  /** A pending pod changed; a spec or label change gives a parked pod another try. */
  update(pod: PodInfo, specChanged: boolean): void {
    const key = pod.key;
    const inFlight = this.#inFlight.get(key);
    if (inFlight !== undefined) {
      if (specChanged) this.#moveRequestCycle = this.#schedulingCycle;
      return;
    }
    for (const heap of [this.#active, this.#backoff]) {
      const queued = heap.get(key);
      if (queued !== undefined) {
        queued.podInfo = pod;
        heap.push(queued);
        return;
      }
    }
    const parked = this.#unschedulable.get(key);
    if (parked === undefined) {
      this.add(pod);
      return;
    }
    parked.podInfo = pod;
    if (!specChanged) return;
    this.#unschedulable.delete(key);
    if (this.#isBackingOff(parked)) this.#backoff.push(parked);
    else this.#pushActive(parked);
  }

  delete(key: string): void {
    this.#active.delete(key);
    this.#backoff.delete(key);
    this.#unschedulable.delete(key);
    const inFlight = this.#inFlight.get(key);
    if (inFlight !== undefined) inFlight.deleted = true;
  }

  /** The next pod to schedule without waiting, or undefined when activeQ is empty. */
  tryPop(): QueuedPodInfo | undefined {
    const info = this.#active.pop();
    if (info === undefined) return undefined;
    return this.#take(info);
  }

  /** The next pod to schedule; waits for one. Undefined once the queue is closed. */
  async pop(): Promise<QueuedPodInfo | undefined> {
    const ready = this.tryPop();
    if (ready !== undefined || this.#closed) return ready;
    return await new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** The pod's attempt has ended (bound, or handed back with `addUnschedulable`). */
  done(key: string): void {
    this.#inFlight.delete(key);
  }

  /**
   * Hands back a pod whose attempt in cycle `podCycle` failed: to backoffQ after an
   * error or a move request during its attempt, else to unschedulablePods.
   */
  addUnschedulable(info: QueuedPodInfo, podCycle: number): void {
    const key = info.podInfo.key;
    const inFlight = this.#inFlight.get(key);
    this.#inFlight.delete(key);
    if (inFlight?.deleted === true || this.#closed) return;
    if (this.#active.has(key) || this.#backoff.has(key) || this.#unschedulable.has(key)) return;
    info.timestamp = this.#clock.now();
    if (this.#moveRequestCycle >= podCycle || info.unschedulablePlugins.size === 0) this.#backoff.push(info);
    else this.#unschedulable.set(key, info);
  }

  /** Moves the parked pods that `event` may help to activeQ (or backoffQ while backing off). */
  moveAllToActiveOrBackoff(event: ClusterEvent): void {
    for (const [key, info] of this.#unschedulable) {
      if (!this.#mayHelp(event, info.unschedulablePlugins)) continue;
      this.#unschedulable.delete(key);
      if (this.#isBackingOff(info)) this.#backoff.push(info);
      else this.#pushActive(info);
    }
    this.#moveRequestCycle = this.#schedulingCycle;
  }

  flushBackoffCompleted(): void {
    const now = this.#clock.now();
    for (let head = this.#backoff.peek(); head !== undefined && this.#backoffEnd(head) <= now; head = this.#backoff.peek()) {
      this.#backoff.pop();
      this.#pushActive(head);
    }
  }

  flushUnschedulableLeftover(): void {
    const now = this.#clock.now();
    for (const [key, info] of this.#unschedulable) {
      if (now - info.timestamp < this.#maxUnschedulableMs) continue;
      this.#unschedulable.delete(key);
      if (this.#isBackingOff(info)) this.#backoff.push(info);
      else this.#pushActive(info);
    }
  }

  /** The backoff of a pod after `attempts` attempts: 1 s, 2 s, 4 s, ... up to the maximum. */
  backoffDuration(info: QueuedPodInfo): number {
    if (info.attempts <= 0) return 0;
    return Math.min(this.#maxBackoffMs, this.#initialBackoffMs * 2 ** (info.attempts - 1));
  }

  #backoffEnd(info: QueuedPodInfo): number {
    return info.timestamp + this.backoffDuration(info);
  }

  #isBackingOff(info: QueuedPodInfo): boolean {
    return this.#backoffEnd(info) > this.#clock.now();
  }

  #pushActive(info: QueuedPodInfo): void {
    if (this.#closed) return;
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) waiter(this.#take(info));
    else this.#active.push(info);
  }

  #take(info: QueuedPodInfo): QueuedPodInfo {
    this.#schedulingCycle++;
    info.attempts++;
    info.initialAttemptTimestamp ??= this.#clock.now();
    this.#inFlight.set(info.podInfo.key, { deleted: false });
    return info;
  }

  #every(ms: number, body: () => void): void {
    const tick = (): void => {
      if (this.#closed) return;
      body();
      this.#timers[slot] = this.#clock.schedule(ms, tick);
    };
    const slot = this.#timers.length;
    this.#timers.push(this.#clock.schedule(ms, tick));
  }
}
