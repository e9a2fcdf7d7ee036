import type { ApiObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { KeyValue } from '../../storage/interface.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Where an object lives in the datastore: /registry/GROUP/RESOURCE[/NAMESPACE]/NAME. */
export function objectKey(info: ResourceInfo, namespace: string | undefined, name: string): string {
  return `${collectionPrefix(info, namespace)}${name}`;
}

/** The prefix under which a resource's objects (in one namespace, or all) live. */
export function collectionPrefix(info: ResourceInfo, namespace: string | undefined): string {
  const base = `/registry/${info.group === '' ? 'core' : info.group}/${info.resource}/`;
  return info.namespaced && namespace !== undefined ? `${base}${namespace}/` : base;
}

/** Stored bytes never hold a resourceVersion: it is the key's modification revision. */
export function encodeObject(object: ApiObject): Uint8Array {
  const { resourceVersion: _dropped, ...metadata } = object.metadata;
  return encoder.encode(JSON.stringify({ ...object, metadata }));
}

export function decodeObject(kv: KeyValue): ApiObject {
  const parsed: unknown = JSON.parse(decoder.decode(kv.value));
  if (!isPlainObject(parsed) || !isPlainObject(parsed.metadata)) {
    throw new Error(`stored value at ${kv.key} is not an API object`);
  }
  const object = parsed as ApiObject;
  object.metadata.resourceVersion = String(kv.modRevision);
  return object;
}
