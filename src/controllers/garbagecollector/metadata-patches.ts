import type { ApiObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { ApiClient } from '../../client/api-client.js';
import { isNotFound } from '../../client/api-status-error.js';

/**
 * Small metadata edits on the latest version of an object, as JSON patches that test
 * the uid and the list they edit: a concurrent change fails the patch (and the caller
 * retries) instead of being overwritten.
 */
export class MetadataPatches {
  readonly #client: ApiClient;

  constructor(client: ApiClient) {
    this.#client = client;
  }

  /** Drops the owner references to `ownerUids`; false when the object is gone or was replaced. */
  async removeOwnerReferences(resource: ResourceInfo, object: ApiObject, ownerUids: readonly string[]): Promise<boolean> {
    const latest = await this.#latest(resource, object);
    if (latest === undefined) return false;
    const references = latest.metadata.ownerReferences ?? [];
    const kept = references.filter((reference) => !ownerUids.includes(reference.uid));
    if (kept.length === references.length) return true;
    await this.#patchList(resource, latest, 'ownerReferences', references, kept);
    return true;
  }

  /** Removes one finalizer; false when the object is gone or was replaced. */
  async removeFinalizer(resource: ResourceInfo, object: ApiObject, finalizer: string): Promise<boolean> {
    const latest = await this.#latest(resource, object);
    if (latest === undefined) return false;
    const finalizers = latest.metadata.finalizers ?? [];
    if (!finalizers.includes(finalizer)) return true;
    await this.#patchList(resource, latest, 'finalizers', finalizers, finalizers.filter((item) => item !== finalizer));
    return true;
  }

  async #latest(resource: ResourceInfo, object: ApiObject): Promise<ApiObject | undefined> {
    try {
      const latest = await this.#client.get(resource, object.metadata.namespace, object.metadata.name ?? '');
      return latest.metadata.uid === object.metadata.uid ? latest : undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async #patchList(resource: ResourceInfo, latest: ApiObject, field: 'ownerReferences' | 'finalizers', current: readonly unknown[], next: readonly unknown[]): Promise<void> {
    const path = `/metadata/${field}`;
    const patch = [
      { op: 'test', path: '/metadata/uid', value: latest.metadata.uid },
      { op: 'test', path, value: current },
      next.length === 0 ? { op: 'remove', path } : { op: 'replace', path, value: next },
    ];
    try {
      await this.#client.patch(resource, latest.metadata.namespace, latest.metadata.name ?? '', 'json', patch);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
