import { TugError } from '../util/errors.js';
import type { KeyValue } from './interface.js';

/** `create` found the key already there. */
export class KeyExistsError extends TugError {
  readonly code = 'StorageKeyExists';
  constructor(readonly key: string) {
    super(`key ${key} already exists`);
  }
}

/** The key does not exist (at the revision asked for). */
export class KeyNotFoundError extends TugError {
  readonly code = 'StorageKeyNotFound';
  constructor(readonly key: string) {
    super(`key ${key} not found`);
  }
}

/** A guarded write found the key at another revision; `current` is what is there now. */
export class ConflictError extends TugError {
  readonly code = 'StorageConflict';
  constructor(
    readonly key: string,
    readonly expectedModRevision: number,
    readonly current: KeyValue,
  ) {
    super(
      `key ${key} was modified (expected revision ${expectedModRevision}, found ${current.modRevision})`,
    );
  }
}

/** A read or watch asked for history older than the last compaction. */
export class CompactedError extends TugError {
  readonly code = 'StorageCompacted';
  constructor(
    readonly requestedRevision: number,
    readonly compactedRevision: number,
  ) {
    super(
      `revision ${requestedRevision} has been compacted; the oldest available revision is ${compactedRevision}`,
    );
  }
}

/** A read asked for a revision newer than the store has reached. */
export class FutureRevisionError extends TugError {
  readonly code = 'StorageFutureRevision';
  constructor(
    readonly requestedRevision: number,
    readonly currentRevision: number,
  ) {
    super(
      `revision ${requestedRevision} is in the future; the current revision is ${currentRevision}`,
    );
  }
}

/** A value over `MAX_VALUE_BYTES`. */
export class ValueTooLargeError extends TugError {
  readonly code = 'StorageValueTooLarge';
  constructor(
    readonly key: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`value for key ${key} is ${size} bytes; the limit is ${limit} bytes`);
  }
}

/** The key is not a valid storage key (empty, or not starting with '/'). */
export class InvalidKeyError extends TugError {
  readonly code = 'StorageInvalidKey';
  constructor(readonly key: string) {
    super(`invalid storage key ${JSON.stringify(key)}: keys are non-empty and start with "/"`);
  }
}

/** The datastore cannot be reached or answered with an error; retrying may help. */
export class StorageUnavailableError extends TugError {
  readonly code = 'StorageUnavailable';
}

/** The datastore URL or file is wrong; retrying will not help. */
export class DatastoreConfigError extends TugError {
  readonly code = 'DatastoreConfig';
}

/** The store was closed. */
export class StorageClosedError extends TugError {
  readonly code = 'StorageClosed';
  constructor() {
    super('storage is closed');
  }
}
