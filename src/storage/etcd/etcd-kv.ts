import type { IKeyValue, IResponseHeader } from 'etcd3';
import { StorageUnavailableError } from '../errors.js';
import type { KeyValue } from '../interface.js';
import { TugError, errorMessage } from '../../util/errors.js';

/**
 * Conversions between etcd3's wire shapes (int64 fields as decimal strings, keys and
 * values as Buffers) and the Storage types, and the mapping of etcd3's errors.
 */

/** A single key etcd can range over cheaply when only the response header matters. */
export const PROBE_KEY = Buffer.from([0]);

/** An etcd int64 (sent as a decimal string) as a JS number; revisions stay far below 2^53. */
export function toNumber(value: string | number | undefined): number {
  if (value === undefined || value === '') return 0;
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new StorageUnavailableError(`etcd sent an unreadable number ${String(value)}`);
  return n;
}

export function headerRevision(header: IResponseHeader | undefined): number {
  return toNumber(header?.revision);
}

export function toKeyValue(kv: IKeyValue): KeyValue {
  return {
    key: kv.key.toString('utf8'),
    // A copy in a plain Uint8Array: gRPC's buffers may be views into larger ones.
    value: Uint8Array.from(kv.value),
    createRevision: toNumber(kv.create_revision),
    modRevision: toNumber(kv.mod_revision),
  };
}

/** The bytes of a value as etcd3 sends them, without copying. */
export function valueBuffer(value: Uint8Array): Buffer {
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/** The etcd3 ("host:port" or "http://host:port") hosts for endpoints given as host:port. */
export function toHosts(endpoints: readonly string[]): string[] {
  return endpoints.map((endpoint) => (/^https?:\/\//.test(endpoint) ? endpoint : `http://${endpoint}`));
}

const COMPACTED = 'required revision has been compacted';
const FUTURE = 'required revision is a future revision';
const TOO_LARGE = 'request is too large';

export function isCompactedError(error: unknown): boolean {
  return error instanceof Error && error.message.includes(COMPACTED);
}

export function isFutureRevisionError(error: unknown): boolean {
  return error instanceof Error && error.message.includes(FUTURE);
}

export function isTooLargeError(error: unknown): boolean {
  return error instanceof Error && error.message.includes(TOO_LARGE);
}

/**
 * A short one-line reason from an etcd3 / gRPC error: gRPC's status prefix and its
 * "No connection established. Last error: Error:" and "Resolution note" noise removed.
 */
export function describeEtcdError(error: unknown): string {
  const message = errorMessage(error)
    .replace(/\s+/g, ' ')
    .replace(/^\d+ [A-Z_]+: /, '')
    .replace(/^No connection established\. Last error: (Error: )?/, '')
    .replace(/\. Resolution note: ?.*$/, '')
    .trim();
  return message === '' ? 'no reason given' : message;
}

/**
 * Errors of ours pass through; anything else from etcd3 or gRPC (unreachable hosts,
 * deadlines, broken circuits, leader elections, unexpected answers) becomes a
 * StorageUnavailableError that names the endpoints.
 */
export function toStorageError(error: unknown, endpoints: readonly string[], action: string): Error {
  if (error instanceof TugError) return error;
  return new StorageUnavailableError(
    `etcd at ${endpoints.join(',')} failed to ${action} (${describeEtcdError(error)})`,
    { cause: error },
  );
}
