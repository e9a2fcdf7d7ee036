import type { ApiObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';
import { CompactedError, FutureRevisionError } from '../../storage/errors.js';
import type { Storage } from '../../storage/interface.js';
import { apiErrors } from '../http/api-error.js';
import { collectionPrefix, decodeObject } from './object-codec.js';

export interface ListRequest {
  readonly namespace: string | undefined;
  readonly matches: (object: ApiObject) => boolean;
  /** At most this many objects; 0 or absent lists them all. */
  readonly limit?: number;
  readonly continueToken?: string | undefined;
  /** `resourceVersion` with `resourceVersionMatch=Exact`: list as of that revision. */
  readonly exactRevision?: number | undefined;
  /** `resourceVersion=N` (NotOlderThan): the store must have reached N. */
  readonly minRevision?: number | undefined;
}

export interface ListPage {
  readonly items: ApiObject[];
  readonly resourceVersion: string;
  readonly continueToken: string | undefined;
  /** Objects left after this page, when known (upstream's remainingItemCount). */
  readonly remainingItemCount: number | undefined;
}

interface ContinueState {
  readonly rv: number;
  readonly start: string;
}

const PAGE = 500;

/**
 * Lists a resource's objects, filtering by selectors and paging by `limit` as the
 * Kubernetes API server does: every page of one list is read at the first page's
 * revision, and a continue token that points at compacted history is 410 Gone.
 */
export async function listObjects(storage: Storage, info: ResourceInfo, request: ListRequest): Promise<ListPage> {
  const prefix = collectionPrefix(info, request.namespace);
  const state = request.continueToken === undefined ? undefined : decodeContinue(request.continueToken, prefix);
  let revision = state?.rv ?? request.exactRevision;
  let startKey = state?.start;
  if (revision === undefined && request.minRevision !== undefined) {
    const current = await storage.currentRevision();
    if (request.minRevision > current) throw apiErrors.tooLargeResourceVersion(request.minRevision, current);
  }
  const items: ApiObject[] = [];
  const limit = request.limit ?? 0;
  const wanted = limit > 0 ? limit : Infinity;
  for (;;) {
    const page = await readPage(storage, prefix, startKey, revision, state !== undefined);
    revision = page.revision;
    let lastKey: string | undefined;
    for (const kv of page.kvs) {
      lastKey = kv.key;
      const object = decodeObject(kv);
      if (!request.matches(object)) continue;
      items.push(object);
      if (items.length === wanted) {
        const more = kv !== page.kvs.at(-1) || page.more;
        return {
          items,
          resourceVersion: String(revision),
          continueToken: more ? encodeContinue({ rv: revision, start: `${kv.key}\0` }) : undefined,
          remainingItemCount: undefined,
        };
      }
    }
    if (!page.more || lastKey === undefined) break;
    startKey = `${lastKey}\0`;
  }
  return { items, resourceVersion: String(revision), continueToken: undefined, remainingItemCount: undefined };
}

async function readPage(storage: Storage, prefix: string, startKey: string | undefined, revision: number | undefined, continuing: boolean) {
  try {
    return await storage.list(prefix, {
      limit: PAGE,
      ...(startKey === undefined ? {} : { startKey }),
      ...(revision === undefined ? {} : { revision }),
    });
  } catch (error) {
    if (error instanceof CompactedError) {
      throw apiErrors.gone(
        continuing
          ? 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.'
          : `too old resource version: ${revision ?? 0} (${error.compactedRevision})`,
      );
    }
    if (error instanceof FutureRevisionError) throw apiErrors.tooLargeResourceVersion(error.requestedRevision, error.currentRevision);
    throw error;
  }
}

function encodeContinue(state: ContinueState): string {
  return Buffer.from(JSON.stringify({ v: 'tug.v1', rv: state.rv, start: state.start })).toString('base64url');
}

function decodeContinue(token: string, prefix: string): ContinueState {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: unknown; rv?: unknown; start?: unknown };
    if (parsed.v === 'tug.v1' && typeof parsed.rv === 'number' && typeof parsed.start === 'string' && parsed.start.startsWith(prefix)) {
      return { rv: parsed.rv, start: parsed.start };
    }
  } catch {
    // fall through to the error below
  }
  throw apiErrors.badRequest('continue key is not valid: the continue parameter does not belong to this list');
}
