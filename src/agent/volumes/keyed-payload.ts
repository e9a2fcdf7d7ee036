import type { FileProjection } from './atomic-writer.js';

/** A key-to-path item of a configMap or secret volume (or projection). */
export interface KeyToPath {
  readonly key: string;
  readonly path: string;
  readonly mode?: number;
}

export interface KeyedPayloadOptions {
  /** The object's values by key, decoded. */
  readonly data: ReadonlyMap<string, Buffer>;
  readonly items: readonly KeyToPath[] | undefined;
  readonly defaultMode: number;
  readonly optional: boolean;
  /** The error message for an item whose key the object lacks. */
  readonly missingKey: (key: string) => string;
}

/**
 * The files of a configMap or secret volume, as upstream's MakePayload: every key
 * when no items are given, otherwise each item's key at its path with its mode. A
 * missing key fails unless the source is optional.
 */
export function keyedPayload(options: KeyedPayloadOptions): Map<string, FileProjection> {
  const payload = new Map<string, FileProjection>();
  const items = options.items ?? [];
  if (items.length === 0) {
    for (const [key, data] of options.data) payload.set(key, { data, mode: options.defaultMode });
    return payload;
  }
  for (const item of items) {
    const data = options.data.get(item.key);
    if (data === undefined) {
      if (options.optional) continue;
      throw new Error(options.missingKey(item.key));
    }
    payload.set(item.path, { data, mode: item.mode ?? options.defaultMode });
  }
  return payload;
}

/** A ConfigMap's `data` (text) and `binaryData` (base64) by key. */
export function configMapData(configMap: { data?: Record<string, string>; binaryData?: Record<string, string> }): Map<string, Buffer> {
  const data = new Map<string, Buffer>();
  for (const [key, value] of Object.entries(configMap.data ?? {})) data.set(key, Buffer.from(value, 'utf8'));
  for (const [key, value] of Object.entries(configMap.binaryData ?? {})) data.set(key, Buffer.from(value, 'base64'));
  return data;
}

/** A Secret's `data` (base64) by key. */
export function secretData(secret: { data?: Record<string, string> }): Map<string, Buffer> {
  return new Map(Object.entries(secret.data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]));
}
