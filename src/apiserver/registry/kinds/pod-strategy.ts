import type { ApiObject } from '../../../api/object.js';
import { isPlainObject } from '../../../api/object.js';
import { ensureObject, objectAt, objectsAt } from './json.js';
import { KindStrategy } from './kind-strategy.js';
import type { ObjectReader } from './object-reader.js';
import { applyPodDefaults } from './pod-defaults.js';
import { podDeletionGracePeriodSeconds } from './pod-deletion.js';
import { podQos } from './pod-qos.js';
import { checkPodSpec } from './pod-spec-validation.js';
import { MIRROR_POD_ANNOTATION, checkPodUpdate } from './pod-update-validation.js';
import { admitServiceAccount } from './service-account-admission.js';

/** Pods: a pending status on create, pod defaults, pod spec rules and the update restrictions. */
export class PodStrategy extends KindStrategy {
  override prepareForCreate(object: ApiObject): void {
    admitServiceAccount(object);
    const spec = structuredClone(objectAt(object, 'spec') ?? {});
    applyPodDefaults(spec);
    const status: Record<string, unknown> = { phase: 'Pending', qosClass: podQos(spec) };
    if (objectsAt(spec, 'schedulingGates').length > 0) {
      status['conditions'] = [
        { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: null, reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' },
      ];
    }
    object.status = status;
  }

  override applyDefaults(object: ApiObject): void {
    const spec = ensureObject(object, 'spec');
    if (spec !== undefined) applyPodDefaults(spec);
  }

  deletionGracePeriodSeconds(object: ApiObject, requested: number | undefined): number {
    return podDeletionGracePeriodSeconds(object, requested);
  }

  protected override check(root: ObjectReader, old: ApiObject | undefined): void {
    const { problems } = root;
    const spec = root.struct('spec');
    const annotations = root.fields['metadata'];
    const mirror = isPlainObject(annotations) && isPlainObject(annotations['annotations']) ? annotations['annotations'][MIRROR_POD_ANNOTATION] : undefined;
    if (mirror !== undefined && spec.string('nodeName') === '') {
      problems.invalid(root.at('metadata', 'annotations').key(MIRROR_POD_ANNOTATION), mirror, 'must set spec.nodeName if mirror pod annotation is set');
    }
    checkPodSpec(spec, { isPod: true });
    if (old !== undefined) { checkPodUpdate(root, old); return; }
    for (const list of ['containers', 'initContainers']) {
      for (const container of spec.objects(list)) {
        const image = container.string('image');
        if (image.trim() !== image) problems.invalid(container.at('image'), image, 'must not have leading or trailing whitespace');
      }
    }
  }
}
