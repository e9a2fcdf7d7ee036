import type { ApiObject } from '../../api/object.js';
import { RESOURCES, type ResourceInfo } from '../../api/resources.js';
import type { ApiClient } from '../../client/api-client.js';
import { isNotFound } from '../../client/api-status-error.js';
import { errorMessage } from '../../util/errors.js';
import type { ContentTotals } from './namespace-conditions.js';

/** Every namespaced resource that can be listed and deleted, one version per group and resource. */
function deletableResources(): ResourceInfo[] {
  const seen = new Set<string>();
  return RESOURCES.filter((info) => {
    const key = `${info.group}/${info.resource}`;
    const deletable = info.verbs.includes('delete') || info.verbs.includes('deletecollection');
    if (!info.namespaced || !deletable || !info.verbs.includes('list') || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Deletes everything in a namespace (with background propagation, as upstream) and
 * reports what is left: objects still held by finalizers, and failures.
 */
export class NamespaceContentDeleter {
  readonly #client: ApiClient;
  readonly #resources = deletableResources();

  constructor(client: ApiClient) {
    this.#client = client;
  }

  async deleteAll(namespace: string): Promise<ContentTotals> {
    const remainingByResource = new Map<string, number>();
    const remainingByFinalizer = new Map<string, number>();
    const deleteErrors: string[] = [];
    await Promise.all(
      this.#resources.map(async (info) => {
        try {
          const remaining = await this.#deleteResource(info, namespace);
          if (remaining.length === 0) return;
          remainingByResource.set(`${info.resource}.${info.group}`, remaining.length);
          for (const object of remaining) {
            for (const finalizer of object.metadata.finalizers ?? []) remainingByFinalizer.set(finalizer, (remainingByFinalizer.get(finalizer) ?? 0) + 1);
          }
        } catch (error) {
          deleteErrors.push(errorMessage(error));
        }
      }),
    );
    return { remainingByResource, remainingByFinalizer, deleteErrors };
  }

  /** Deletes every object of one resource in the namespace; returns those still there afterwards. */
  async #deleteResource(info: ResourceInfo, namespace: string): Promise<ApiObject[]> {
    const { items } = await this.#client.listAll(info, { namespace });
    const toDelete = items.filter((object) => object.metadata.deletionTimestamp === undefined);
    if (items.length === 0) return [];
    await Promise.all(
      toDelete.map(async (object) => {
        try {
          await this.#client.delete(info, namespace, object.metadata.name ?? '', { propagationPolicy: 'Background' });
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
      }),
    );
    if (toDelete.length === 0) return items;
    return (await this.#client.listAll(info, { namespace })).items;
  }
}
