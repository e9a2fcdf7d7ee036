import type { Etcd3, IEvent, IKeyValue, IWatchResponse, Watcher } from 'etcd3';
import { CompactedError, StorageUnavailableError } from '../errors.js';
import type { KeyValue, WatchEvent } from '../interface.js';
import { keyBytes } from '../key-range.js';
import { QueuedWatchStream } from '../queued-watch-stream.js';
import { describeEtcdError, headerRevision, toKeyValue, toNumber } from './etcd-kv.js';

/** What an EtcdWatch needs from its store. */
export interface EtcdWatchContext {
  readonly client: Etcd3;
  /** The lowest revision etcd still has history from (probed; see EtcdStorage). */
  compactedRevision(): Promise<number>;
  /** How long a watch may stay disconnected (etcd3 keeps reconnecting) before it fails. */
  readonly reconnectTimeoutMs: number;
  /** Called once when the watch has ended, whatever the reason. */
  onEnd(watch: EtcdWatch): void;
}

export interface EtcdWatchTarget {
  readonly key: string;
  readonly prefix: boolean;
  /** The first revision to deliver. */
  readonly startRevision: number;
  /**
   * Whether the caller asked for history from `startRevision` (sinceRevision). If
   * not, `startRevision` only stands for "now" and may be replaced by etcd's own now
   * when it turns out to be compacted already.
   */
  readonly replay: boolean;
}

/**
 * One Storage watch on top of an etcd3 Watcher (created with prev_kv, so updates and
 * deletes carry the previous value).
 *
 * etcd delivers events of one watcher in revision order. etcd3 re-creates a watcher
 * after a broken connection from the header revision of the last response it saw,
 * which can skip events that were still being replayed; so on every disconnect this
 * class sets the watcher's start revision back to just after the last event it
 * delivered, and drops anything below that should it come twice.
 *
 * etcd cancels a watcher whose start revision is compacted (with compact_revision in
 * the response, which etcd3 does not pass on: it emits a bare "Watcher canceled"
 * error). On any cancel the store's compacted revision is probed: if history the
 * watch still needs is gone, the stream fails with CompactedError.
 */
export class EtcdWatch {
  readonly stream: QueuedWatchStream;
  readonly #context: EtcdWatchContext;
  readonly #target: EtcdWatchTarget;
  #watcher: Watcher | undefined;
  /** The next revision to deliver; undefined until etcd has said what "now" is. */
  #next: number | undefined;
  #delivered = 0;
  #disconnectTimer: NodeJS.Timeout | undefined;
  #cancelled: Promise<void> = Promise.resolve();

  constructor(context: EtcdWatchContext, target: EtcdWatchTarget) {
    this.#context = context;
    this.#target = target;
    this.stream = new QueuedWatchStream(() => {
      this.#stop();
    });
    this.#next = target.startRevision;
    this.#open(target.startRevision);
  }

  /** Closes the stream and resolves once etcd has dropped the watcher (or gave up). */
  async close(): Promise<void> {
    this.stream.close();
    await this.#cancelled;
  }

  #open(startRevision: number | undefined): void {
    const { client } = this.#context;
    const builder = client.watch().withPreviousKV();
    if (this.#target.prefix) builder.prefix(keyBytes(this.#target.key));
    else builder.key(keyBytes(this.#target.key));
    if (startRevision !== undefined) builder.startRevision(String(startRevision));
    // watcher() rather than create(): listeners must be in place before any response.
    const watcher = builder.watcher();
    this.#watcher = watcher;
    watcher.on('connected', (response) => {
      if (watcher !== this.#watcher) return;
      this.#clearDisconnectTimer();
      this.#next ??= headerRevision(response.header) + 1;
    });
    watcher.on('data', (response) => {
      if (watcher === this.#watcher) this.#onData(response);
    });
    watcher.on('disconnected', () => {
      if (watcher !== this.#watcher) return;
      // etcd3 resumes from watcher.request.start_revision: make that our position.
      if (this.#next !== undefined) watcher.request.start_revision = this.#next;
      this.#armDisconnectTimer();
    });
    watcher.on('error', (error) => {
      if (watcher !== this.#watcher) return;
      // etcd has cancelled this watcher and etcd3 has already let go of it.
      this.#watcher = undefined;
      this.#onCancelled(error).catch((failure: unknown) => {
        this.stream.fail(failure);
      });
    });
  }

  #onData(response: IWatchResponse): void {
    this.#clearDisconnectTimer();
    const floor = this.#next ?? 0;
    let next = floor;
    for (const event of response.events) {
      const converted = toWatchEvent(event);
      if (converted.revision < floor) continue;
      this.stream.push(converted);
      this.#delivered++;
      next = Math.max(next, converted.revision + 1);
    }
    // A progress notification: etcd has sent everything up to its header revision.
    if (response.events.length === 0 && !response.created && !response.canceled) {
      next = Math.max(next, headerRevision(response.header) + 1);
    }
    this.#next = next;
  }

  async #onCancelled(error: Error): Promise<void> {
    if (this.#ended()) return;
    const next = this.#next;
    let compacted: number | undefined;
    try {
      compacted = await this.#context.compactedRevision();
    } catch {
      // cannot tell; report the cancel itself below
    }
    if (this.#ended()) return; // closed while probing
    if (compacted !== undefined && next !== undefined && next < compacted) {
      if (!this.#target.replay && this.#delivered === 0) {
        // "From now" was a stale revision: start again from etcd's own now.
        this.#next = undefined;
        this.#open(undefined);
        return;
      }
      this.stream.fail(new CompactedError(next, compacted));
      return;
    }
    this.stream.fail(
      new StorageUnavailableError(
        `etcd cancelled the watch on ${this.#target.key} (${describeEtcdError(error)})`,
        { cause: error },
      ),
    );
  }

  /** A method, not `this.stream.done`, so that TypeScript does not carry it across awaits. */
  #ended(): boolean {
    return this.stream.done;
  }

  #armDisconnectTimer(): void {
    if (this.#disconnectTimer !== undefined) return;
    this.#disconnectTimer = setTimeout(() => {
      this.#disconnectTimer = undefined;
      this.stream.fail(
        new StorageUnavailableError(
          `etcd watch on ${this.#target.key} lost its connection for more than ${this.#context.reconnectTimeoutMs} ms`,
        ),
      );
    }, this.#context.reconnectTimeoutMs);
    this.#disconnectTimer.unref();
  }

  #clearDisconnectTimer(): void {
    clearTimeout(this.#disconnectTimer);
    this.#disconnectTimer = undefined;
  }

  /** The stream ended (closed by its consumer, or failed): let go of the etcd watcher. */
  #stop(): void {
    this.#clearDisconnectTimer();
    const watcher = this.#watcher;
    this.#watcher = undefined;
    if (watcher !== undefined) {
      this.#cancelled = watcher.cancel().catch(() => undefined);
    }
    this.#context.onEnd(this);
  }
}

/** etcd sends null (not undefined) for absent message fields. */
type MaybeKeyValue = IKeyValue | null | undefined;

function toWatchEvent(event: IEvent): WatchEvent {
  const kv = toKeyValue(event.kv);
  const revision = kv.modRevision;
  const prev = event.prev_kv as MaybeKeyValue;
  if (event.type === 'Delete') {
    return { type: 'deleted', revision, prevKv: prev ? toKeyValue(prev) : unknownPrevious(kv.key) };
  }
  if (toNumber(event.kv.version) === 1) return { type: 'created', revision, kv };
  return { type: 'updated', revision, kv, prevKv: prev ? toKeyValue(prev) : unknownPrevious(kv.key, kv) };
}

/**
 * Stands in for a previous value etcd could not give (it reads it at revision - 1,
 * which fails once that is compacted): an empty value with modRevision 0.
 */
function unknownPrevious(key: string, current?: KeyValue): KeyValue {
  return { key, value: new Uint8Array(0), createRevision: current?.createRevision ?? 0, modRevision: 0 };
}
