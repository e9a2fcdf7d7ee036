import { isPlainObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';
import { apiErrors } from '../http/api-error.js';
import type { ObjectStore } from '../registry/object-store.js';

/**
 * `POST pods/NAME/binding`: how a scheduler assigns a pod to a node. The Binding's
 * target must be a Node; a pod that already has a node refuses a second binding (409),
 * as upstream does. Like upstream, binding sets the PodScheduled condition and the
 * Binding's annotations, and is not recorded in managedFields.
 */
export async function bindPod(
  store: ObjectStore,
  info: ResourceInfo,
  namespace: string | undefined,
  name: string,
  binding: unknown,
  options: { dryRun: boolean; now: string },
): Promise<void> {
  const target = isPlainObject(binding) && isPlainObject(binding.target) ? binding.target : undefined;
  const node = target?.name;
  if (typeof node !== 'string' || node === '') {
    throw apiErrors.unprocessable(`Binding.core "${name}" is invalid: target.name: Required value`);
  }
  if (target?.kind !== undefined && target.kind !== '' && target.kind !== 'Node') {
    throw apiErrors.unprocessable(`Binding.core "${name}" is invalid: target.kind: Unsupported value: ${JSON.stringify(target.kind)}: supported values: "Node"`);
  }
  const ref = { group: '', resource: 'pods', name };
  await store.update(
    info,
    namespace,
    name,
    (pod) => {
      const spec = isPlainObject(pod.spec) ? pod.spec : {};
      if (pod.metadata.deletionTimestamp !== undefined) throw apiErrors.conflict(ref, 'pod is being deleted, cannot be assigned to a host');
      if (typeof spec.nodeName === 'string' && spec.nodeName !== '') {
        throw apiErrors.conflict(ref, `pod ${name} is already assigned to node "${spec.nodeName}"`);
      }
      pod.spec = { ...spec, nodeName: node };
      pod.status = withScheduledCondition(isPlainObject(pod.status) ? pod.status : {}, options.now);
      const annotations = isPlainObject(binding) && isPlainObject(binding.metadata) ? binding.metadata.annotations : undefined;
      if (isPlainObject(annotations)) {
        pod.metadata.annotations = { ...pod.metadata.annotations, ...(annotations as Record<string, string>) };
      }
      delete pod.metadata.resourceVersion;
      return pod;
    },
    { dryRun: options.dryRun, subresource: 'binding' },
  );
}

function withScheduledCondition(status: Record<string, unknown>, now: string): Record<string, unknown> {
  const conditions = Array.isArray(status.conditions) ? (status.conditions as unknown[]).filter(isPlainObject) : [];
  const others = conditions.filter((condition) => condition.type !== 'PodScheduled');
  const previous = conditions.find((condition) => condition.type === 'PodScheduled');
  const lastTransitionTime = previous?.status === 'True' && typeof previous.lastTransitionTime === 'string' ? previous.lastTransitionTime : now;
  return { ...status, conditions: [...others, { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime }] };
}
