import type { ApiObject, OwnerReference } from '../../api/object.js';
import { findKind } from '../../api/resources.js';
import type { ApiClient, DeleteOptions } from '../../client/api-client.js';
import { isNotFound } from '../../client/api-status-error.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import type { Logger } from '../../util/logger.js';
import type { Enqueuer, ReconcileResult, Reconciler } from '../runtime/reconciler.js';
import type { MetadataPatches } from './metadata-patches.js';
import type { GraphNode, OwnerGraph } from './owner-graph.js';

export const ORPHAN_FINALIZER = 'orphan';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

/** How an owner reference stands: the owner lives, is gone, or waits for its dependents to go first. */
type OwnerState = 'solid' | 'dangling' | 'waiting';

const ABSENT_OWNERS_KEPT = 10_000;

export interface GarbageCollectorReconcilerOptions {
  readonly client: ApiClient;
  readonly graph: OwnerGraph;
  readonly patches: MetadataPatches;
  readonly recorder: EventRecorder;
  readonly logger: Logger;
  readonly queue: Enqueuer;
}

function hasFinalizer(object: ApiObject, finalizer: string): boolean {
  return (object.metadata.finalizers ?? []).includes(finalizer);
}

/**
 * Reconciles one object, keyed by uid, as upstream's garbage collector does:
 * an object being deleted with the `orphan` finalizer releases its dependents, one with
 * `foregroundDeletion` deletes them first; an object whose owners are all gone is
 * deleted, and one with some owners left drops the references to the gone ones.
 */
export class GarbageCollectorReconciler implements Reconciler {
  readonly #options: GarbageCollectorReconcilerOptions;
  /** Owner uids known to be gone (uids never come back), to spare the server repeated lookups. */
  readonly #absentOwners = new Set<string>();

  constructor(options: GarbageCollectorReconcilerOptions) {
    this.#options = options;
  }

  async reconcile(uid: string): Promise<ReconcileResult | undefined> {
    const node = this.#options.graph.find(uid);
    if (node === undefined) return undefined;
    const { object } = node;
    if (object.metadata.deletionTimestamp !== undefined) {
      if (hasFinalizer(object, ORPHAN_FINALIZER)) await this.#orphanDependents(node);
      else if (hasFinalizer(object, FOREGROUND_FINALIZER)) await this.#deleteDependentsFirst(node);
      return undefined;
    }
    const references = object.metadata.ownerReferences ?? [];
    if (references.length === 0) return undefined;
    const states = await Promise.all(references.map(async (reference) => ({ reference, state: await this.#ownerState(node, reference) })));
    const uidsIn = (state: OwnerState) => states.filter((entry) => entry.state === state).map((entry) => entry.reference.uid);
    const [solid, dangling, waiting] = [uidsIn('solid'), uidsIn('dangling'), uidsIn('waiting')];
    if (solid.length > 0) {
      if (dangling.length + waiting.length > 0) await this.#options.patches.removeOwnerReferences(node.resource, object, [...dangling, ...waiting]);
      return undefined;
    }
    if (waiting.length > 0 && this.#options.graph.dependentsOf(uid).length > 0) {
      await this.#delete(node, 'Foreground');
      return undefined;
    }
    await this.#delete(node, hasFinalizer(object, ORPHAN_FINALIZER) ? 'Orphan' : hasFinalizer(object, FOREGROUND_FINALIZER) ? 'Foreground' : 'Background');
    return undefined;
  }

  async #orphanDependents(owner: GraphNode): Promise<void> {
    const uid = owner.object.metadata.uid ?? '';
    const dependents = this.#options.graph.dependentsOf(uid);
    await Promise.all(dependents.map(async (dependent) => this.#options.patches.removeOwnerReferences(dependent.resource, dependent.object, [uid])));
    await this.#options.patches.removeFinalizer(owner.resource, owner.object, ORPHAN_FINALIZER);
  }

  /** Foreground deletion: dependents go first; the owner follows once none that blocks it is left. */
  async #deleteDependentsFirst(owner: GraphNode): Promise<void> {
    const uid = owner.object.metadata.uid ?? '';
    const dependents = this.#options.graph.dependentsOf(uid);
    const blocking = dependents.filter(({ object }) => object.metadata.ownerReferences?.find((reference) => reference.uid === uid)?.blockOwnerDeletion === true);
    if (blocking.length === 0) {
      await this.#options.patches.removeFinalizer(owner.resource, owner.object, FOREGROUND_FINALIZER);
      return;
    }
    for (const dependent of dependents) this.#options.queue.add(dependent.object.metadata.uid ?? '');
  }

  async #ownerState(dependent: GraphNode, reference: OwnerReference): Promise<OwnerState> {
    if (this.#absentOwners.has(reference.uid)) return 'dangling';
    const resource = findKind(reference.apiVersion, reference.kind);
    // An owner of a kind this server does not serve cannot be checked: leave the reference alone.
    if (resource === undefined) return 'solid';
    const namespace = resource.namespaced ? dependent.object.metadata.namespace : undefined;
    if (resource.namespaced && !dependent.resource.namespaced) {
      this.#options.recorder.event(
        dependent.object,
        'Warning',
        'OwnerRefInvalidNamespace',
        `ownerRef [${reference.apiVersion}/${reference.kind}, namespace: , name: ${reference.name}, uid: ${reference.uid}] does not exist in namespace ""`,
      );
      return 'dangling';
    }
    let owner = this.#options.graph.cached(resource, namespace, reference.name);
    if (owner?.metadata.uid !== reference.uid) {
      // The cache may lag behind a new owner: only the server can say it is gone.
      try {
        owner = await this.#options.client.get(resource, namespace, reference.name);
      } catch (error) {
        if (!isNotFound(error)) throw error;
        owner = undefined;
      }
      if (owner?.metadata.uid !== reference.uid) {
        this.#rememberAbsent(reference.uid);
        return 'dangling';
      }
    }
    return owner.metadata.deletionTimestamp !== undefined && hasFinalizer(owner, FOREGROUND_FINALIZER) ? 'waiting' : 'solid';
  }

  async #delete(node: GraphNode, propagationPolicy: NonNullable<DeleteOptions['propagationPolicy']>): Promise<void> {
    const { namespace, name = '', uid = '' } = node.object.metadata;
    try {
      await this.#options.client.delete(node.resource, namespace, name, { propagationPolicy, preconditions: { uid } });
      this.#options.logger.info('deleted object whose owners are gone', { resource: node.resource.resource, namespace, name, propagationPolicy });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  #rememberAbsent(uid: string): void {
    if (this.#absentOwners.size >= ABSENT_OWNERS_KEPT) {
      const oldest = this.#absentOwners.values().next().value;
      if (oldest !== undefined) this.#absentOwners.delete(oldest);
    }
    this.#absentOwners.add(uid);
  }
}
