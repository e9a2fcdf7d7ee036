import type { ApiObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';
import { CompactedError } from '../../storage/errors.js';
import type { Storage, WatchEvent } from '../../storage/interface.js';
import type { Clock } from '../../util/clock.js';
import { apiErrors } from '../http/api-error.js';
import type { Request, Response } from '../http/http-types.js';
import { parseBool } from '../http/request-info.js';
import { listObjects } from '../registry/list-objects.js';
import { collectionPrefix, decodeObject } from '../registry/object-codec.js';
import type { ObjectStore } from '../registry/object-store.js';
import type { WatchCache } from '../registry/watch-cache.js';
import { buildMatcher } from './selectors.js';
import { toTable, wantsTable } from './table.js';

export interface WatchRequest {
  readonly request: Request;
  readonly response: Response;
  readonly url: URL;
  readonly info: ResourceInfo;
  readonly namespace: string | undefined;
  readonly storage: Storage;
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly cache: WatchCache;
}

const BOOKMARK_INTERVAL_MS = 60_000;
const DEFAULT_TIMEOUT_SECONDS = 1800;

type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/**
 * Streams watch events as newline-separated JSON. Without a resourceVersion (or with
 * "0") the stream first sends the current objects as ADDED; with one, it resumes
 * after it, or reports 410 Expired in an ERROR event if that history is compacted.
 */
export async function serveWatch(watch: WatchRequest): Promise<void> {
  const { request, response, url, info, namespace, storage, store, clock, cache } = watch;
  const params = url.searchParams;
  const matches = buildMatcher(info, store.strategy(info), params);
  const table = wantsTable(request.headers.accept);
  const rv = params.get('resourceVersion') ?? '';
  const timeoutSeconds = Number(params.get('timeoutSeconds') ?? DEFAULT_TIMEOUT_SECONDS) || DEFAULT_TIMEOUT_SECONDS;
  const send = (type: WatchType, object: unknown) => {
    response.write(`${JSON.stringify({ type, object })}\n`);
  };
  const render = (object: ApiObject) =>
    table ? toTable(info, [object], { resourceVersion: object.metadata.resourceVersion ?? '' }, clock.now()) : object;

  let since: number;
  const initial: ApiObject[] = [];
  if (rv === '' || rv === '0') {
    const page = await listObjects(storage, info, { namespace, matches });
    initial.push(...page.items);
    since = Number(page.resourceVersion);
  } else {
    since = Number(rv);
    if (!Number.isSafeInteger(since) || since < 0) throw apiErrors.badRequest(`invalid resource version: ${rv}`);
  }

  response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
  // Clients wait for the headers before they consider the watch established.
  (response as unknown as { flushHeaders(): void }).flushHeaders();
  for (const object of initial) send('ADDED', render(object));

  const stream = await cache.watch(collectionPrefix(info, namespace), since);
  const bookmarks = parseBool(params.get('allowWatchBookmarks'));
  const bookmarkTimer = bookmarks
    ? setInterval(() => {
        send('BOOKMARK', { kind: info.kind, apiVersion: info.group === '' ? info.version : `${info.group}/${info.version}`, metadata: { resourceVersion: String(Math.max(since, cache.revision)) } });
      }, BOOKMARK_INTERVAL_MS)
    : undefined;
  const timeout = setTimeout(() => {
    stream.close();
  }, timeoutSeconds * 1000);
  const stop = () => {
    stream.close();
  };
  request.on('close', stop);
  response.on('close', stop);
  try {
    for await (const event of stream) {
      const change = toWatchChange(event, matches);
      if (change === undefined) continue;
      if (table) send(change.type, render(change.object));
      else response.write(encodedLine(event, change));
    }
  } catch (error) {
    if (!(error instanceof CompactedError)) throw error;
    send('ERROR', apiErrors.gone(`too old resource version: ${since} (${error.compactedRevision})`).toStatus());
  } finally {
    clearTimeout(timeout);
    if (bookmarkTimer !== undefined) clearInterval(bookmarkTimer);
    request.off('close', stop);
    response.off('close', stop);
    if (!response.writableEnded) response.end();
  }
}

/** Objects decoded once per storage event, shared by every watcher that receives it. */
const decodedEvents = new WeakMap<WatchEvent, { object: ApiObject; previous: ApiObject | undefined }>();
/** Watch lines encoded once per event and type, written as the same bytes to every watcher. */
const encodedEvents = new WeakMap<WatchEvent, Partial<Record<WatchType, string>>>();

function decodedOf(event: WatchEvent): { object: ApiObject; previous: ApiObject | undefined } {
  let decoded = decodedEvents.get(event);
  if (decoded === undefined) {
    decoded =
      event.type === 'deleted'
        ? { object: decodeObject({ ...event.prevKv, modRevision: event.revision }), previous: undefined }
        : { object: decodeObject(event.kv), previous: event.type === 'updated' ? decodeObject(event.prevKv) : undefined };
    decodedEvents.set(event, decoded);
  }
  return decoded;
}

function encodedLine(event: WatchEvent, change: { type: WatchType; object: ApiObject }): string {
  const lines = encodedEvents.get(event) ?? {};
  encodedEvents.set(event, lines);
  lines[change.type] ??= `${JSON.stringify({ type: change.type, object: change.object })}\n`;
  return lines[change.type] ?? '';
}

/**
 * The watch event a client sees for a storage change, given its selector: an object
 * that starts matching is ADDED, one that stops matching is DELETED.
 */
function toWatchChange(event: WatchEvent, matches: (object: ApiObject) => boolean): { type: WatchType; object: ApiObject } | undefined {
  const { object, previous } = decodedOf(event);
  const matchesNow = matches(object);
  if (event.type === 'deleted') return matchesNow ? { type: 'DELETED', object } : undefined;
  if (event.type === 'created') return matchesNow ? { type: 'ADDED', object } : undefined;
  const matchedBefore = previous !== undefined && matches(previous);
  if (matchesNow) return { type: matchedBefore ? 'MODIFIED' : 'ADDED', object };
  return matchedBefore ? { type: 'DELETED', object } : undefined;
}
