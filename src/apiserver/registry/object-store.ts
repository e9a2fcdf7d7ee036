import { randomUUID } from 'node:crypto';
import type { ApiObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';
import { ConflictError, KeyExistsError, KeyNotFoundError } from '../../storage/errors.js';
import type { Storage } from '../../storage/interface.js';
import { type Clock, rfc3339 } from '../../util/clock.js';
import type { AdmissionPlugin } from '../admission/admission-plugin.js';
import { apiErrors } from '../http/api-error.js';
import { objectKey, decodeObject, encodeObject } from './object-codec.js';
import type { ResourceStrategy, StrategyFieldError, StrategyFor } from './resource-strategy.js';
import { invalidError } from './invalid-error.js';

export interface WriteOptions {
  /** `dryRun=All`: validate and answer as if written, write nothing. */
  readonly dryRun: boolean;
}

export interface ObjectStoreOptions {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly strategyFor: StrategyFor;
  /** Mutating admission plugins run on every create, after the strategy's prepare step. */
  readonly admission?: readonly AdmissionPlugin[];
}

const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * The generic store: Kubernetes object semantics (uid, generateName, resourceVersion,
 * generation, timestamps, finalizers, optimistic concurrency) for every resource, on
 * top of the byte-level Storage. Per-resource behaviour comes from its strategy.
 */
export class ObjectStore {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #strategyFor: StrategyFor;
  readonly #admission: readonly AdmissionPlugin[];

  constructor(options: ObjectStoreOptions) {
    this.#storage = options.storage;
    this.#clock = options.clock;
    this.#strategyFor = options.strategyFor;
    this.#admission = options.admission ?? [];
  }

  strategy(info: ResourceInfo): ResourceStrategy {
    return this.#strategyFor(info);
  }

  async get(info: ResourceInfo, namespace: string | undefined, name: string): Promise<ApiObject> {
    const { kv } = await this.#storage.get(objectKey(info, namespace, name));
    if (kv === undefined) throw apiErrors.notFound({ group: info.group, resource: info.resource, name });
    return decodeObject(kv);
  }

  async create(info: ResourceInfo, object: ApiObject, options: WriteOptions): Promise<ApiObject> {
    const strategy = this.#strategyFor(info);
    const meta = object.metadata;
    if ((meta.name === undefined || meta.name === '') && meta.generateName !== undefined && meta.generateName !== '') {
      meta.name = meta.generateName + randomSuffix();
    }
    // The uid is the server's, set before the strategy runs: some kinds derive labels from it.
    meta.uid = randomUUID();
    strategy.prepareForCreate(object);
    for (const plugin of this.#admission) plugin.admitCreate(info, object);
    strategy.applyDefaults(object);
    this.#rejectInvalid(info, object, strategy.validate(object));
    const name = meta.name ?? '';
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    meta.creationTimestamp = this.#timestamp();
    meta.generation = 1;
    const key = objectKey(info, meta.namespace, name);
    if (options.dryRun) {
      const { kv } = await this.#storage.get(key);
      if (kv !== undefined) throw apiErrors.alreadyExists({ group: info.group, resource: info.resource, name });
      return object;
    }
    try {
      const kv = await this.#storage.create(key, encodeObject(object));
      meta.resourceVersion = String(kv.modRevision);
      return object;
    } catch (error) {
      if (error instanceof KeyExistsError) throw apiErrors.alreadyExists({ group: info.group, resource: info.resource, name });
      throw error;
    }
  }

  /**
   * Replaces an object. With a resourceVersion in the new object, the write happens only
   * if the stored object still has it (else 409); without one, it applies to whatever
   * is stored. `mutate` may rework the new object from the current one first (PATCH).
   */
  async update(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    next: (current: ApiObject) => ApiObject | Promise<ApiObject>,
    options: WriteOptions & { readonly subresource?: string; readonly strategy?: ResourceStrategy },
  ): Promise<ApiObject> {
    const strategy = options.strategy ?? this.#strategyFor(info);
    const key = objectKey(info, namespace, name);
    const ref = { group: info.group, resource: info.resource, name };
    for (;;) {
      const { kv } = await this.#storage.get(key);
      if (kv === undefined) throw apiErrors.notFound(ref);
      const current = decodeObject(kv);
      const object = await next(structuredClone(current));
      const requestedVersion = object.metadata.resourceVersion;
      if (requestedVersion !== undefined && requestedVersion !== '' && requestedVersion !== current.metadata.resourceVersion) {
        throw apiErrors.conflict(ref, 'the object has been modified; please apply your changes to the latest version and try again');
      }
      this.#keepServerOwnedMetadata(object, current);
      // A binding writes spec.nodeName and the PodScheduled condition of a valid pod directly, as upstream's binding storage does.
      const binding = options.subresource === 'binding';
      const statusOnly = options.subresource === 'status';
      if (statusOnly) {
        const { annotations } = object.metadata;
        keepAllButStatus(object, current);
        if (strategy.statusUpdatesAnnotations === true) {
          if (annotations === undefined) delete object.metadata.annotations;
          else object.metadata.annotations = annotations;
        }
      } else if (!binding) strategy.prepareForUpdate(object, current);
      if (!binding) {
        strategy.applyDefaults(object);
        this.#rejectInvalid(info, object, strategy.validateUpdate(object, current));
      }
      if (!statusOnly && strategy.bumpsGeneration(object, current)) object.metadata.generation = (current.metadata.generation ?? 0) + 1;
      if (options.dryRun) return object;
      if (isFinalized(strategy, object)) return this.#deleteNow(info, key, object, kv.modRevision, ref);
      try {
        const updated = await this.#storage.update(key, encodeObject(object), kv.modRevision);
        object.metadata.resourceVersion = String(updated.modRevision);
        return object;
      } catch (error) {
        if (error instanceof ConflictError && (requestedVersion === undefined || requestedVersion === '')) continue;
        if (error instanceof ConflictError) {
          throw apiErrors.conflict(ref, 'the object has been modified; please apply your changes to the latest version and try again');
        }
        if (error instanceof KeyNotFoundError) throw apiErrors.notFound(ref);
        throw error;
      }
    }
  }

  /**
   * Deletes an object, or, while finalizers remain, marks it with a deletionTimestamp.
   * Returns the object as it was deleted or marked, and whether it is gone.
   */
  async delete(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    options: WriteOptions & {
      readonly preconditions?: { uid?: string; resourceVersion?: string };
      readonly finalizersToAdd?: readonly string[];
      readonly gracePeriodSeconds?: number;
    },
  ): Promise<{ object: ApiObject; deleted: boolean }> {
    const key = objectKey(info, namespace, name);
    const ref = { group: info.group, resource: info.resource, name };
    for (;;) {
      const { kv } = await this.#storage.get(key);
      if (kv === undefined) throw apiErrors.notFound(ref);
      const object = decodeObject(kv);
      const { uid, resourceVersion } = options.preconditions ?? {};
      if (uid !== undefined && uid !== object.metadata.uid) {
        throw apiErrors.conflict(ref, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${object.metadata.uid ?? ''}`);
      }
      if (resourceVersion !== undefined && resourceVersion !== object.metadata.resourceVersion) {
        throw apiErrors.conflict(ref, `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${object.metadata.resourceVersion ?? ''}`);
      }
      const strategy = this.#strategyFor(info);
      const finalizers = [...(object.metadata.finalizers ?? [])];
      for (const finalizer of options.finalizersToAdd ?? []) if (!finalizers.includes(finalizer)) finalizers.push(finalizer);
      const grace = strategy.deletionGracePeriodSeconds?.(object, options.gracePeriodSeconds) ?? 0;
      const pendingGrace = object.metadata.deletionGracePeriodSeconds;
      const shortensGrace = grace > 0 && (pendingGrace === undefined || grace < pendingGrace);
      if (grace === 0 && finalizers.length === 0 && ownFinalizersOf(strategy, object).length === 0) {
        if (options.dryRun) return { object, deleted: true };
        return { object: await this.#deleteNow(info, key, object, kv.modRevision, ref), deleted: true };
      }
      const addsFinalizers = finalizers.length !== (object.metadata.finalizers ?? []).length;
      const endsGrace = grace === 0 && pendingGrace !== undefined && pendingGrace > 0;
      if (object.metadata.deletionTimestamp !== undefined && !addsFinalizers && !shortensGrace && !endsGrace) {
        return { object, deleted: false };
      }
      if (finalizers.length > 0) object.metadata.finalizers = finalizers;
      if (shortensGrace || endsGrace || object.metadata.deletionTimestamp === undefined) {
        object.metadata.deletionTimestamp = this.#timestamp(grace * 1000);
        object.metadata.deletionGracePeriodSeconds = grace;
      }
      // Defaults may follow deletion (a namespace's phase becomes Terminating).
      strategy.applyDefaults(object);
      if (options.dryRun) return { object, deleted: false };
      try {
        const updated = await this.#storage.update(key, encodeObject(object), kv.modRevision);
        object.metadata.resourceVersion = String(updated.modRevision);
        return { object, deleted: false };
      } catch (error) {
        if (error instanceof ConflictError) continue;
        throw error;
      }
    }
  }

  async #deleteNow(_info: ResourceInfo, key: string, object: ApiObject, modRevision: number, ref: { group: string; resource: string; name: string }): Promise<ApiObject> {
    try {
      const { revision } = await this.#storage.delete(key, modRevision);
      object.metadata.resourceVersion = String(revision);
      return object;
    } catch (error) {
      if (error instanceof KeyNotFoundError) throw apiErrors.notFound(ref);
      if (error instanceof ConflictError) {
        throw apiErrors.conflict(ref, 'the object has been modified; please apply your changes to the latest version and try again');
      }
      throw error;
    }
  }

  #keepServerOwnedMetadata(object: ApiObject, current: ApiObject): void {
    const meta: Record<string, unknown> = object.metadata;
    const old: Record<string, unknown> = current.metadata;
    object.apiVersion = current.apiVersion;
    object.kind = current.kind;
    for (const field of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'namespace', 'name'] as const) {
      if (old[field] === undefined) delete meta[field];
      else meta[field] = old[field];
    }
  }

  #rejectInvalid(info: ResourceInfo, object: ApiObject, errors: readonly StrategyFieldError[]): void {
    if (errors.length > 0) throw invalidError(info, object.metadata.name ?? '', errors);
  }

  #timestamp(afterMs = 0): string {
    return rfc3339(this.#clock.now() + afterMs);
  }
}

function randomSuffix(): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_SUFFIX_ALPHABET.charAt(Math.floor(Math.random() * NAME_SUFFIX_ALPHABET.length));
  return suffix;
}

/** A status update changes status only: everything else stays as stored. */
function keepAllButStatus(object: ApiObject, current: ApiObject): void {
  const status = object.status;
  for (const field of Object.keys(object)) if (field !== 'status') delete object[field];
  Object.assign(object, structuredClone(current));
  if (status === undefined) delete object.status;
  else object.status = status;
}

function ownFinalizersOf(strategy: ResourceStrategy, object: ApiObject): readonly string[] {
  return strategy.ownFinalizers?.(object) ?? [];
}

/** Marked for deletion, no grace period left to wait and no finalizer left: the update completes the delete. */
function isFinalized(strategy: ResourceStrategy, object: ApiObject): boolean {
  return (
    object.metadata.deletionTimestamp !== undefined &&
    (object.metadata.deletionGracePeriodSeconds ?? 0) === 0 &&
    (object.metadata.finalizers ?? []).length === 0 &&
    ownFinalizersOf(strategy, object).length === 0
  );
}
