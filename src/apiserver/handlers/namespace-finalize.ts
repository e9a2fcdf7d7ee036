import type { ApiObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';
import { apiErrors } from '../http/api-error.js';
import { NamespaceFinalizeStrategy } from '../registry/kinds/namespace-strategy.js';
import type { ObjectStore } from '../registry/object-store.js';

/**
 * PUT namespaces/NAME/finalize: replaces spec.finalizers (only) with the body's. A
 * namespace being deleted whose finalizers are then all gone is removed.
 */
export async function finalizeNamespace(
  store: ObjectStore,
  info: ResourceInfo,
  name: string,
  body: unknown,
  options: { dryRun: boolean; track: (old: ApiObject, next: ApiObject) => ApiObject },
): Promise<ApiObject> {
  if (!isPlainObject(body) || !isPlainObject(body.metadata)) throw apiErrors.badRequest('the body of a finalize request must be a Namespace');
  const bodyName = body.metadata.name;
  if (bodyName !== undefined && bodyName !== name) {
    throw apiErrors.badRequest(`the name of the object (${JSON.stringify(bodyName)}) does not match the name on the URL (${name})`);
  }
  const requested = isPlainObject(body.spec) ? body.spec.finalizers : undefined;
  const resourceVersion = body.metadata.resourceVersion;
  return await store.update(
    info,
    undefined,
    name,
    (current) => {
      const next = structuredClone(current);
      const spec = isPlainObject(next.spec) ? next.spec : {};
      if (requested === undefined || requested === null) delete spec.finalizers;
      else spec.finalizers = requested;
      next.spec = spec;
      if (typeof resourceVersion === 'string') next.metadata.resourceVersion = resourceVersion;
      else delete next.metadata.resourceVersion;
      return options.track(current, next);
    },
    { dryRun: options.dryRun, subresource: 'finalize', strategy: new NamespaceFinalizeStrategy(info) },
  );
}
