import type {
  ICompare,
  IDeleteRangeResponse,
  IKeyValue,
  IPutResponse,
  IRangeResponse,
  ITxnRequest,
  ITxnResponse,
} from 'etcd3';
import { ValueTooLargeError } from '../errors.js';
import { keyBytes } from '../key-range.js';
import { valueBuffer } from './etcd-kv.js';

/**
 * The etcd transactions behind create, update and delete. Each compares on the key's
 * revisions, writes on success and reads the key on failure, so one round trip tells
 * a conflict from a missing key and carries the current value.
 */

/** create: put only if the key does not exist (its create revision is 0). */
export function createTxn(key: string, value: Uint8Array): ITxnRequest {
  const k = keyBytes(key);
  return {
    compare: [{ key: k, target: 'Create', result: 'Equal', create_revision: 0 }],
    success: [{ request_put: { key: k, value: valueBuffer(value) } }],
  };
}

/** update: put only if the key exists and was last modified at `expected`. */
export function updateTxn(key: string, value: Uint8Array, expected: number): ITxnRequest {
  const k = keyBytes(key);
  return {
    compare: [exists(k), modRevisionIs(k, expected)],
    success: [{ request_put: { key: k, value: valueBuffer(value), prev_kv: true } }],
    failure: [{ request_range: { key: k } }],
  };
}

/** delete: delete only if the key exists (and, if given, was last modified at `expected`). */
export function deleteTxn(key: string, expected: number | undefined): ITxnRequest {
  const k = keyBytes(key);
  return {
    compare: expected === undefined ? [exists(k)] : [exists(k), modRevisionIs(k, expected)],
    success: [{ request_delete_range: { key: k, prev_kv: true } }],
    failure: [{ request_range: { key: k } }],
  };
}

function exists(key: Buffer): ICompare {
  // A key that does not exist has version 0; modRevisionIs(k, 0) alone would match it.
  return { key, target: 'Version', result: 'Greater', version: 0 };
}

function modRevisionIs(key: Buffer, revision: number): ICompare {
  return { key, target: 'Mod', result: 'Equal', mod_revision: revision };
}

/**
 * One response of a txn. etcd3 types every field of the oneof as present, but only
 * the one that answers the request is, and absent message fields come as null.
 */
interface SomeResponseOp {
  readonly response_range?: IRangeResponse | null;
  readonly response_put?: (Omit<IPutResponse, 'prev_kv'> & { prev_kv?: IKeyValue | null }) | null;
  readonly response_delete_range?: IDeleteRangeResponse | null;
}

function firstOp(response: ITxnResponse): SomeResponseOp | undefined {
  const first: SomeResponseOp | undefined = response.responses[0];
  return first;
}

/** The key as the failure branch of a txn read it; undefined if it does not exist. */
export function readOnFailure(response: ITxnResponse): IKeyValue | undefined {
  return firstOp(response)?.response_range?.kvs[0];
}

/** The previous value returned by the put of a successful update. */
export function previousOfPut(response: ITxnResponse): IKeyValue | undefined {
  return firstOp(response)?.response_put?.prev_kv ?? undefined;
}

/** The value removed by the delete of a successful delete txn. */
export function previousOfDelete(response: ITxnResponse): IKeyValue | undefined {
  return firstOp(response)?.response_delete_range?.prev_kvs[0];
}

/**
 * A value within MAX_VALUE_BYTES that etcd still refused, because the whole request
 * was over its --max-request-bytes (1.5 MiB by default, key and framing included).
 */
export class EtcdRequestTooLargeError extends ValueTooLargeError {
  constructor(key: string, size: number, limit: number) {
    super(key, size, limit);
    this.message = `value for key ${key} (${size} bytes) makes a request larger than etcd accepts (its --max-request-bytes)`;
  }
}
