import { Etcd3, type IRangeRequest, type IRangeResponse, type ITxnRequest, type ITxnResponse } from 'etcd3';
import {
  CompactedError,
  ConflictError,
  DatastoreConfigError,
  FutureRevisionError,
  KeyExistsError,
  KeyNotFoundError,
  StorageClosedError,
  StorageUnavailableError,
} from '../errors.js';
import type {
  DeleteResult,
  GetResult,
  KeyValue,
  ListOptions,
  ListResult,
  ReadOptions,
  Storage,
  WatchOptions,
  WatchStream,
} from '../interface.js';
import { MAX_VALUE_BYTES } from '../interface.js';
import { keyBytes, prefixEnd } from '../key-range.js';
import { assertValidKey, assertValueFits } from '../keys.js';
import {
  PROBE_KEY,
  describeEtcdError,
  headerRevision,
  isCompactedError,
  isFutureRevisionError,
  isTooLargeError,
  toHosts,
  toKeyValue,
  toNumber,
  toStorageError,
} from './etcd-kv.js';
import {
  EtcdRequestTooLargeError,
  createTxn,
  deleteTxn,
  previousOfDelete,
  previousOfPut,
  readOnFailure,
  updateTxn,
} from './etcd-txn.js';
import { EtcdWatch } from './etcd-watch.js';

export interface EtcdStorageOptions {
  /** Client endpoints of the etcd members, `host:port` (plain http). */
  readonly endpoints: readonly string[];
  /** How long `connect` waits for the cluster to answer (default 5 s). */
  readonly dialTimeoutMs?: number;
  /** Deadline of each request to etcd (default 10 s). */
  readonly requestTimeoutMs?: number;
  /** How long a watch may stay disconnected before it fails (default 30 s). */
  readonly watchReconnectTimeoutMs?: number;
}

const DEFAULT_DIAL_TIMEOUT_MS = 5_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const DEFAULT_WATCH_RECONNECT_TIMEOUT_MS = 30_000;
/** How long `close` waits for etcd to confirm that watchers are cancelled. */
const CLOSE_WATCHES_WITHIN_MS = 2_000;

/**
 * Storage on an etcd v3 cluster, through the etcd3 client. Revisions, compare-and-swap,
 * history and watches are etcd's own; reads are linearizable (etcd's default).
 *
 * etcd starts at revision 1, so `currentRevision` of a new cluster is 1, not 0.
 *
 * Compaction: etcd has no call that reports its compacted revision. This store keeps
 * a lower bound of it: what it compacted itself, and what reads failing with
 * "compacted" prove (the revision read plus one). `compactedRevision()` then probes:
 * a range at revision r succeeds exactly when r >= etcd's compacted revision, so one
 * range at the lower bound confirms it in the common case, and otherwise a binary
 * search between the bound and the current revision finds it (about log2(n) ranges).
 */
export class EtcdStorage implements Storage {
  readonly #client: Etcd3;
  readonly #endpoints: readonly string[];
  readonly #options: EtcdStorageOptions;
  readonly #watches = new Set<EtcdWatch>();
  /** The newest revision any response showed: "now" for watches without sinceRevision. */
  #seenRevision: number;
  /** A lower bound of etcd's compacted revision (see the class comment). */
  #compactedAtLeast = 1;
  #closed = false;

  private constructor(client: Etcd3, options: EtcdStorageOptions, endpoints: string[], revision: number) {
    this.#client = client;
    this.#options = options;
    this.#endpoints = endpoints;
    this.#seenRevision = revision;
  }

  /**
   * Connects and checks that the cluster answers a linearizable read within
   * `dialTimeoutMs`; throws StorageUnavailableError if not.
   */
  static async connect(options: EtcdStorageOptions): Promise<EtcdStorage> {
    const endpoints = options.endpoints.map((endpoint) => endpoint.trim()).filter((e) => e !== '');
    if (endpoints.length === 0) throw new DatastoreConfigError('no etcd endpoints given');
    const dialTimeoutMs = options.dialTimeoutMs ?? DEFAULT_DIAL_TIMEOUT_MS;
    const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const client = new Etcd3({
      hosts: toHosts(endpoints),
      defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + requestTimeoutMs }),
      grpcOptions: {
        'grpc.max_receive_message_length': -1,
        'grpc.keepalive_time_ms': 30_000,
        'grpc.keepalive_timeout_ms': 10_000,
      },
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = client.kv.range({ key: PROBE_KEY, count_only: true }, { deadline: Date.now() + dialTimeoutMs });
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`no answer within ${dialTimeoutMs} ms`));
        }, dialTimeoutMs);
      });
      const response = await Promise.race([answer, timeout]);
      return new EtcdStorage(client, options, endpoints, headerRevision(response.header));
    } catch (error) {
      client.close();
      throw new StorageUnavailableError(
        `cannot reach etcd at ${endpoints.join(', ')} (${describeEtcdError(error)})`,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  async currentRevision(): Promise<number> {
    const response = await this.#range({ key: PROBE_KEY, count_only: true }, 'read the current revision');
    return headerRevision(response.header);
  }

  async get(key: string, options: ReadOptions = {}): Promise<GetResult> {
    this.#assertOpen();
    assertValidKey(key);
    const revision = options.revision ?? 0;
    const response = await this.#rangeAt(revision, { key: keyBytes(key) }, `read ${key}`);
    const [kv] = response.kvs;
    return {
      kv: kv === undefined ? undefined : toKeyValue(kv),
      revision: revision > 0 ? revision : headerRevision(response.header),
    };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.#assertOpen();
    assertValidKey(prefix);
    const revision = options.revision ?? 0;
    const from = keyBytes(prefix);
    const end = prefixEnd(from);
    const start = options.startKey === undefined ? from : keyBytes(options.startKey);
    // A start key outside the prefix's range must not widen the range.
    const key = Buffer.compare(start, from) > 0 ? start : from;
    const limit = options.limit ?? 0;
    if (Buffer.compare(key, end) >= 0) {
      return { kvs: [], revision: revision > 0 ? revision : await this.currentRevision(), more: false };
    }
    // etcd returns a range in byte order of the keys already; asking it to sort
    // would make it read the whole range on every page.
    const response = await this.#rangeAt(
      revision,
      { key, range_end: end, ...(limit > 0 ? { limit } : {}) },
      `list ${prefix}`,
    );
    return {
      kvs: response.kvs.map(toKeyValue),
      revision: revision > 0 ? revision : headerRevision(response.header),
      more: response.more,
    };
  }

  async count(prefix: string): Promise<number> {
    this.#assertOpen();
    assertValidKey(prefix);
    const from = keyBytes(prefix);
    const response = await this.#range({ key: from, range_end: prefixEnd(from), count_only: true }, `count ${prefix}`);
    return toNumber(response.count);
  }

  async create(key: string, value: Uint8Array): Promise<KeyValue> {
    this.#assertOpen();
    assertValidKey(key);
    assertValueFits(key, value);
    const response = await this.#txn(createTxn(key, value), key, value, `create ${key}`);
    if (!response.succeeded) throw new KeyExistsError(key);
    const revision = headerRevision(response.header);
    return { key, value: Uint8Array.from(value), createRevision: revision, modRevision: revision };
  }

  async update(key: string, value: Uint8Array, expectedModRevision: number): Promise<KeyValue> {
    this.#assertOpen();
    assertValidKey(key);
    assertValueFits(key, value);
    const response = await this.#txn(updateTxn(key, value, expectedModRevision), key, value, `update ${key}`);
    if (!response.succeeded) throw this.#guardFailure(response, key, expectedModRevision);
    const revision = headerRevision(response.header);
    const previous = previousOfPut(response);
    return {
      key,
      value: Uint8Array.from(value),
      createRevision: previous === undefined ? revision : toNumber(previous.create_revision),
      modRevision: revision,
    };
  }

  async delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    this.#assertOpen();
    assertValidKey(key);
    const response = await this.#txn(deleteTxn(key, expectedModRevision), key, undefined, `delete ${key}`);
    if (!response.succeeded) throw this.#guardFailure(response, key, expectedModRevision ?? 0);
    const previous = previousOfDelete(response);
    if (previous === undefined) throw new KeyNotFoundError(key);
    return { prevKv: toKeyValue(previous), revision: headerRevision(response.header) };
  }

  watch(key: string, options: WatchOptions = {}): WatchStream {
    this.#assertOpen();
    assertValidKey(key);
    const since = options.sinceRevision;
    const watch = new EtcdWatch(
      {
        client: this.#client,
        compactedRevision: () => this.compactedRevision(),
        reconnectTimeoutMs: this.#options.watchReconnectTimeoutMs ?? DEFAULT_WATCH_RECONNECT_TIMEOUT_MS,
        onEnd: (ended) => this.#watches.delete(ended),
      },
      {
        key,
        prefix: options.prefix ?? false,
        // Without sinceRevision, "now" is the newest revision this client has seen:
        // every write that starts after this call returns gets a higher revision.
        startRevision: (since ?? this.#seenRevision) + 1,
        replay: since !== undefined,
      },
    );
    if (!watch.stream.done) this.#watches.add(watch);
    return watch.stream;
  }

  async compact(revision: number): Promise<void> {
    this.#assertOpen();
    if (revision <= this.#compactedAtLeast) return;
    try {
      const response = await this.#client.kv.compact({ revision, physical: true });
      this.#saw(headerRevision(response.header));
    } catch (error) {
      if (isFutureRevisionError(error)) throw new FutureRevisionError(revision, await this.#currentOr(revision - 1));
      // "compacted": at or below an earlier compaction (maybe by another client), a no-op.
      if (!isCompactedError(error)) throw this.#failure(error, `compact at revision ${revision}`);
    }
    // Either way etcd's compacted revision is now at least `revision`.
    this.#compactedAtLeast = Math.max(this.#compactedAtLeast, revision);
  }

  async compactedRevision(): Promise<number> {
    this.#assertOpen();
    const current = await this.currentRevision();
    let low = Math.min(this.#compactedAtLeast, current);
    if (await this.#readableAt(low)) return low;
    // Invariant: history at `low` is compacted, at `high` it is not.
    let high = current;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (await this.#readableAt(middle)) high = middle;
      else low = middle;
    }
    this.#compactedAtLeast = Math.max(this.#compactedAtLeast, high);
    return high;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const watches = [...this.#watches];
    this.#watches.clear();
    let timer: NodeJS.Timeout | undefined;
    const patience = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_WATCHES_WITHIN_MS);
    });
    await Promise.race([Promise.all(watches.map((watch) => watch.close())), patience]);
    clearTimeout(timer);
    this.#client.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new StorageClosedError();
  }

  #saw(revision: number): void {
    if (revision > this.#seenRevision) this.#seenRevision = revision;
  }

  async #range(request: IRangeRequest, action: string): Promise<IRangeResponse> {
    this.#assertOpen();
    try {
      const response = await this.#client.kv.range(request);
      this.#saw(headerRevision(response.header));
      return response;
    } catch (error) {
      throw this.#failure(error, action);
    }
  }

  /** A range at `revision` (0: current), with etcd's history errors as ours. */
  async #rangeAt(revision: number, request: IRangeRequest, action: string): Promise<IRangeResponse> {
    this.#assertOpen();
    try {
      const response = await this.#client.kv.range(revision > 0 ? { ...request, revision } : request);
      this.#saw(headerRevision(response.header));
      return response;
    } catch (error) {
      if (isCompactedError(error)) {
        this.#compactedAtLeast = Math.max(this.#compactedAtLeast, revision + 1);
        throw new CompactedError(revision, await this.compactedRevision());
      }
      if (isFutureRevisionError(error)) throw new FutureRevisionError(revision, await this.#currentOr(revision - 1));
      throw this.#failure(error, action);
    }
  }

  async #txn(request: ITxnRequest, key: string, value: Uint8Array | undefined, action: string): Promise<ITxnResponse> {
    try {
      const response = await this.#client.kv.txn(request);
      this.#saw(headerRevision(response.header));
      return response;
    } catch (error) {
      if (value !== undefined && isTooLargeError(error)) {
        throw new EtcdRequestTooLargeError(key, value.byteLength, MAX_VALUE_BYTES);
      }
      throw this.#failure(error, action);
    }
  }

  /** An etcd3 error as ours; calls cut short by close() fail as closed. */
  #failure(error: unknown, action: string): Error {
    if (this.#closed) return new StorageClosedError();
    return toStorageError(error, this.#endpoints, action);
  }

  #guardFailure(response: ITxnResponse, key: string, expected: number): Error {
    const current = readOnFailure(response);
    if (current === undefined) return new KeyNotFoundError(key);
    return new ConflictError(key, expected, toKeyValue(current));
  }

  /** Whether etcd still has history at `revision` (a range there is not "compacted"). */
  async #readableAt(revision: number): Promise<boolean> {
    try {
      await this.#client.kv.range({ key: PROBE_KEY, count_only: true, revision });
      return true;
    } catch (error) {
      if (isCompactedError(error)) return false;
      throw this.#failure(error, 'probe the compacted revision');
    }
  }

  async #currentOr(fallback: number): Promise<number> {
    try {
      return await this.currentRevision();
    } catch {
      return Math.max(fallback, this.#seenRevision);
    }
  }
}
