/**
 * The key-value store that holds the whole cluster state.
 *
 * Shaped like etcd's KV API as Kubernetes uses it: values are opaque bytes, every
 * write gets a new cluster-wide revision, writes are guarded by compare-and-swap on
 * the key's modification revision, and history can be read and watched until it is
 * compacted. The store knows nothing of API objects.
 *
 * Contract for every implementation (checked by `conformance/`):
 * - Revisions are integers, strictly increasing across all keys; each successful
 *   create, update or delete gets exactly one new revision. A failed write changes
 *   nothing and consumes no revision that a reader could observe.
 * - Reads are linearizable: a read started after a write was acknowledged sees it.
 * - `list` returns keys in byte order, all at one revision (the `revision` it
 *   reports), also across pages when the caller passes that revision back.
 * - Errors are the classes in `errors.ts`; callers branch on them, never on
 *   messages. `StorageUnavailableError` is the only one worth retrying as-is.
 * - Nothing retries a conflicting write on the caller's behalf: a `ConflictError`
 *   carries the current value so the caller can decide.
 */
export interface Storage {
  /** The revision of the newest write (0 for an empty, never-written store). */
  currentRevision(): Promise<number>;

  /** Reads one key, at the current revision or at `options.revision`. */
  get(key: string, options?: ReadOptions): Promise<GetResult>;

  /**
   * Lists keys that start with `prefix` in byte order.
   * Pass `startKey` (a key greater than the prefix) to continue after an earlier
   * page, and `revision` to read that page at the first page's revision.
   */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;

  /** Counts the keys that start with `prefix` at the current revision. */
  count(prefix: string): Promise<number>;

  /** Creates a key. Throws `KeyExistsError` if it exists. */
  create(key: string, value: Uint8Array): Promise<KeyValue>;

  /**
   * Replaces a key's value if its modification revision is still
   * `expectedModRevision`. Throws `KeyNotFoundError` if the key does not exist and
   * `ConflictError` (with the current value) if it was modified since.
   */
  update(key: string, value: Uint8Array, expectedModRevision: number): Promise<KeyValue>;

  /**
   * Deletes a key and returns its last value. With `expectedModRevision`, deletes
   * only if the key was not modified since (else `ConflictError`).
   * Throws `KeyNotFoundError` if the key does not exist.
   */
  delete(key: string, expectedModRevision?: number): Promise<DeleteResult>;

  /**
   * Streams changes to `key` (or to every key under it with `prefix: true`).
   * Without `sinceRevision` the stream starts with the next write; with it, every
   * change after that revision is replayed in order first, then live changes follow
   * with no gap and no duplicate. If history after `sinceRevision` was compacted,
   * the stream fails at once with `CompactedError`.
   */
  watch(key: string, options?: WatchOptions): WatchStream;

  /**
   * Discards history older than `revision`: reads and watches that need a revision
   * below it then fail with `CompactedError`. The current value of every key is
   * always kept. Compacting at or below an earlier compaction is a no-op.
   */
  compact(revision: number): Promise<void>;

  /** The lowest revision that history is still kept from (1 if never compacted). */
  compactedRevision(): Promise<number>;

  /** Stops watches, releases files and connections. Further calls fail. */
  close(): Promise<void>;
}

export interface KeyValue {
  readonly key: string;
  readonly value: Uint8Array;
  /** The revision at which this key was (last) created. */
  readonly createRevision: number;
  /** The revision of this key's latest create or update. */
  readonly modRevision: number;
}

export interface ReadOptions {
  /** Read as of this revision; 0 or absent means current. */
  readonly revision?: number;
}

export interface ListOptions extends ReadOptions {
  /** At most this many keys; 0 or absent means no limit. */
  readonly limit?: number;
  /** Start at this key (inclusive) instead of at the prefix. */
  readonly startKey?: string;
}

export interface GetResult {
  /** The key's value, or undefined if it did not exist at that revision. */
  readonly kv: KeyValue | undefined;
  /** The revision the read was served at. */
  readonly revision: number;
}

export interface ListResult {
  readonly kvs: readonly KeyValue[];
  /** The revision the list was served at; pass it back for the next page. */
  readonly revision: number;
  /** True if more keys follow the last one returned. */
  readonly more: boolean;
}

export interface DeleteResult {
  /** The value the key had before it was deleted. */
  readonly prevKv: KeyValue;
  /** The revision of the delete. */
  readonly revision: number;
}

export interface WatchOptions {
  /** Watch every key under `key` rather than `key` alone. */
  readonly prefix?: boolean;
  /** Replay every change after this revision before live changes. */
  readonly sinceRevision?: number;
}

export type WatchEvent =
  | { readonly type: 'created'; readonly revision: number; readonly kv: KeyValue }
  | {
      readonly type: 'updated';
      readonly revision: number;
      readonly kv: KeyValue;
      readonly prevKv: KeyValue;
    }
  | {
      readonly type: 'deleted';
      readonly revision: number;
      /** The key's last value before the delete. */
      readonly prevKv: KeyValue;
    };

/**
 * A stream of watch events, in revision order. Iterate it with `for await`; the
 * iteration ends after `close()` and throws if the watch fails (for example with
 * `CompactedError`). Events are buffered while the consumer is busy.
 */
export interface WatchStream extends AsyncIterable<WatchEvent> {
  close(): void;
}

/** The largest value a key may hold (as etcd and Kubernetes: 1.5 MiB). */
export const MAX_VALUE_BYTES = 1.5 * 1024 * 1024;
