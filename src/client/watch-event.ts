import type { ApiObject } from '../api/object.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** One event of a watch stream, as the API server sends it. */
export interface WatchEvent<T extends ApiObject = ApiObject> {
  readonly type: WatchEventType;
  readonly object: T;
}

/** A running watch: iterate its events; `stop` ends the iteration. */
export interface Watch<T extends ApiObject = ApiObject> extends AsyncIterable<WatchEvent<T>> {
  stop(): void;
}
