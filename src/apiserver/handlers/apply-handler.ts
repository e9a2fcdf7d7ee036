import type { ApiObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';
import { serverSideApply } from '../apply/server-side-apply.js';
import { ApiError } from '../http/api-error.js';
import type { ObjectStore } from '../registry/object-store.js';
import { decodeRequestObject } from './decode-object.js';

export interface ApplyContext {
  readonly store: ObjectStore;
  readonly info: ResourceInfo;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly applied: unknown;
  readonly manager: string;
  readonly force: boolean;
  readonly dryRun: boolean;
  readonly now: string;
  readonly subresource: string | undefined;
  /** Prunes (and refuses or warns about) fields the schema does not define. */
  readonly checkFields: (object: Record<string, unknown>) => void;
  /** Refuses creating in a namespace that is missing or terminating. */
  readonly requireLiveNamespace: (name: string) => Promise<void>;
}

/**
 * Server-side apply (`PATCH` with `application/apply-patch+yaml`): merges the applied
 * configuration into the live object, or creates it, tracking field ownership.
 */
export async function serveApply(context: ApplyContext): Promise<{ object: ApiObject; created: boolean }> {
  const { store, info, namespace, name, applied } = context;
  if (!isPlainObject(applied)) throw new ApiError(400, 'BadRequest', 'an apply patch must be an object');
  const build = (live: ApiObject | undefined): ApiObject => {
    const merged = serverSideApply({
      live,
      applied,
      manager: context.manager,
      force: context.force,
      group: info.group,
      version: info.version,
      kind: info.kind,
      now: context.now,
      name,
      ...(namespace === undefined ? {} : { namespace }),
      ...(context.subresource === undefined ? {} : { subresource: context.subresource }),
    }) as unknown as ApiObject;
    const object = decodeRequestObject(merged, info, namespace);
    const appliedMeta = isPlainObject(applied.metadata) ? applied.metadata : {};
    // Only a resourceVersion in the applied configuration makes the write conditional.
    if (appliedMeta.resourceVersion === undefined) delete object.metadata.resourceVersion;
    context.checkFields(object);
    return object;
  };
  try {
    const object = await store.update(info, namespace, name, build, {
      dryRun: context.dryRun,
      ...(context.subresource === undefined ? {} : { subresource: context.subresource }),
    });
    return { object, created: false };
  } catch (error) {
    if (!(error instanceof ApiError && error.reason === 'NotFound' && context.subresource === undefined)) throw error;
  }
  const object = build(undefined);
  await context.requireLiveNamespace(object.metadata.name ?? name);
  return { object: await store.create(info, object, { dryRun: context.dryRun }), created: true };
}
