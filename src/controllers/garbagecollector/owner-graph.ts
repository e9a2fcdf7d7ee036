import type { ApiObject } from '../../api/object.js';
import { RESOURCES, type ResourceInfo } from '../../api/resources.js';
import type { Informer } from '../../client/informer.js';
import type { InformerFactory } from '../../client/informer-factory.js';

/** An object in the graph with the resource it was listed from. */
export interface GraphNode {
  readonly resource: ResourceInfo;
  readonly object: ApiObject;
}

const UID_INDEX = 'garbage-collector/uid';
const OWNER_INDEX = 'garbage-collector/owner-uid';

/** Resources the collector ignores, as upstream: events are never owners or dependents worth the watch. */
const IGNORED = new Set(['/events', 'events.k8s.io/events']);

function groupResource(info: Pick<ResourceInfo, 'group' | 'resource'>): string {
  return `${info.group}/${info.resource}`;
}

/** Every resource that can be listed and watched, one version per group and resource (the first served). */
export function watchableResources(): ResourceInfo[] {
  const seen = new Set<string>();
  return RESOURCES.filter((info) => {
    const key = groupResource(info);
    if (IGNORED.has(key) || seen.has(key) || !info.verbs.includes('list') || !info.verbs.includes('watch')) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The owner -> dependents graph over every watched resource, kept by uid in informer
 * indexes: who an object is (by uid) and who names it as an owner.
 */
export class OwnerGraph {
  readonly #informers = new Map<string, Informer>();

  constructor(factory: InformerFactory) {
    for (const resource of watchableResources()) {
      const informer = factory.informerFor(resource);
      informer.addIndex(UID_INDEX, (object) => (object.metadata.uid === undefined ? [] : [object.metadata.uid]));
      informer.addIndex(OWNER_INDEX, (object) => (object.metadata.ownerReferences ?? []).map((reference) => reference.uid));
      this.#informers.set(groupResource(resource), informer);
    }
  }

  get informers(): readonly Informer[] {
    return [...this.#informers.values()];
  }

  find(uid: string): GraphNode | undefined {
    for (const informer of this.#informers.values()) {
      const object = informer.byIndex(UID_INDEX, uid)[0];
      if (object !== undefined) return { resource: informer.resource, object };
    }
    return undefined;
  }

  dependentsOf(uid: string): GraphNode[] {
    return [...this.#informers.values()].flatMap((informer) => informer.byIndex(OWNER_INDEX, uid).map((object) => ({ resource: informer.resource, object })));
  }

  /** The cached object of this resource and name, if the resource is watched. */
  cached(resource: ResourceInfo, namespace: string | undefined, name: string): ApiObject | undefined {
    return this.#informers.get(groupResource(resource))?.get(namespace, name);
  }
}
