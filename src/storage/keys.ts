import { InvalidKeyError, ValueTooLargeError } from './errors.js';
import { MAX_VALUE_BYTES } from './interface.js';

/** Throws unless `key` is a valid storage key. */
export function assertValidKey(key: string): void {
  if (key.length === 0 || !key.startsWith('/')) throw new InvalidKeyError(key);
}

/** Throws unless `value` fits the size limit. */
export function assertValueFits(key: string, value: Uint8Array): void {
  if (value.byteLength > MAX_VALUE_BYTES) {
    throw new ValueTooLargeError(key, value.byteLength, MAX_VALUE_BYTES);
  }
}

/** Whether a change to `changedKey` concerns a watch on `watchedKey`. */
export function watchCovers(watchedKey: string, prefix: boolean, changedKey: string): boolean {
  return prefix ? changedKey.startsWith(watchedKey) : changedKey === watchedKey;
}

/** Byte-order comparison of two keys, as etcd and SQLite's BINARY collation sort them. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
