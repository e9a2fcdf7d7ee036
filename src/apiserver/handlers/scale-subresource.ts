import { fromLabelSelector } from '../../api/label-selector.js';
import type { ApiObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';
import { apiErrors } from '../http/api-error.js';
import type { ObjectStore, WriteOptions } from '../registry/object-store.js';

/** An autoscaling/v1 Scale, the view of `replicas` that `kubectl scale` and autoscalers use. */
export interface Scale {
  apiVersion: 'autoscaling/v1';
  kind: 'Scale';
  metadata: ApiObject['metadata'];
  spec: { replicas?: number };
  status: { replicas: number; selector?: string };
}

/** `status.selector` of a Scale: the workload's label selector in query syntax. */
function selectorString(selector: unknown): string | undefined {
  return isPlainObject(selector) ? fromLabelSelector(selector).selector?.toString() : undefined;
}

/** The Scale of a Deployment, ReplicaSet or StatefulSet. */
export function scaleOf(object: ApiObject): Scale {
  const spec = isPlainObject(object.spec) ? object.spec : {};
  const status = isPlainObject(object.status) ? object.status : {};
  const selector = selectorString(spec.selector);
  const metadata: ApiObject['metadata'] = {};
  for (const field of ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp'] as const) {
    const value = object.metadata[field];
    if (value !== undefined) metadata[field] = value;
  }
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata,
    spec: typeof spec.replicas === 'number' ? { replicas: spec.replicas } : {},
    status: { replicas: typeof status.replicas === 'number' ? status.replicas : 0, ...(selector === undefined ? {} : { selector }) },
  };
}

/**
 * Writes a new Scale: `next` turns the current Scale into the desired one (a PUT body or
 * a patched Scale); only `spec.replicas` reaches the parent object.
 */
export async function updateScale(
  store: ObjectStore,
  info: ResourceInfo,
  namespace: string | undefined,
  name: string,
  next: (current: Scale) => unknown,
  options: WriteOptions & { readonly track: (old: ApiObject, next: ApiObject) => ApiObject },
): Promise<Scale> {
  const updated = await store.update(
    info,
    namespace,
    name,
    (parent) => {
      const old = structuredClone(parent);
      const desired = next(scaleOf(parent));
      if (!isPlainObject(desired) || !isPlainObject(desired.spec)) throw apiErrors.badRequest('a Scale needs a spec');
      const replicas = desired.spec.replicas ?? 0;
      if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
        throw apiErrors.unprocessable(`Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`);
      }
      const metadata = isPlainObject(desired.metadata) ? desired.metadata : {};
      const spec = isPlainObject(parent.spec) ? parent.spec : {};
      parent.spec = { ...spec, replicas };
      // Only a resourceVersion the client sent guards the write.
      delete parent.metadata.resourceVersion;
      if (typeof metadata.resourceVersion === 'string' && metadata.resourceVersion !== '') parent.metadata.resourceVersion = metadata.resourceVersion;
      return options.track(old, parent);
    },
    { dryRun: options.dryRun },
  );
  return scaleOf(updated);
}
