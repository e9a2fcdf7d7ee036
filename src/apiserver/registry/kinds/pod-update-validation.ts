import type { ApiObject } from '../../../api/object.js';
import { isPlainObject } from '../../../api/object.js';
import { type Json, deepEqual, isUnset, objectAt, objectsAt } from './json.js';
import { INT32_MAX, inclusiveRangeError } from './numbers.js';
import type { ObjectReader } from './object-reader.js';
import { specDiff } from './spec-diff.js';

const UPDATABLE_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/** Upstream's ValidateContainerUpdates; true when the check must stop here. */
function checkContainerUpdates(spec: ObjectReader, oldSpec: Json, list: string): boolean {
  const { problems } = spec;
  const containers = spec.objects(list);
  if (containers.length !== objectsAt(oldSpec, list).length) {
    problems.forbidden(spec.at(list), 'pod updates may not add or remove containers');
    return true;
  }
  for (const container of containers) {
    const image = container.string('image');
    if (image === '') problems.required(container.at('image'));
    if (image.trim() !== image) problems.invalid(container.at('image'), image, 'must not have leading or trailing whitespace');
  }
  return false;
}

function checkActiveDeadline(spec: ObjectReader, oldSpec: Json): boolean {
  const { problems } = spec;
  const next = spec.int('activeDeadlineSeconds');
  const previous = typeof oldSpec['activeDeadlineSeconds'] === 'number' ? oldSpec['activeDeadlineSeconds'] : undefined;
  const path = spec.at('activeDeadlineSeconds');
  if (next !== undefined) {
    if (next < 0 || next > INT32_MAX) {
      problems.invalid(path, next, inclusiveRangeError(0, INT32_MAX));
      return true;
    }
    if (previous !== undefined && previous < next) {
      problems.invalid(path, next, 'must be less than or equal to previous value');
      return true;
    }
  } else if (previous !== undefined) {
    problems.invalid(path, null, 'must not update from a positive integer to nil value');
  }
  return false;
}

function checkOnlyAddedTolerations(spec: ObjectReader, oldSpec: Json): void {
  const next = objectsAt(spec.fields, 'tolerations');
  for (const old of objectsAt(oldSpec, 'tolerations')) {
    const kept = next.some((toleration) => deepEqual({ ...old, tolerationSeconds: toleration['tolerationSeconds'] }, toleration));
    if (!kept) { spec.problems.forbidden(spec.at('tolerations'), 'existing toleration can not be modified except its tolerationSeconds'); return; }
  }
}

function checkOnlyDeletedGates(spec: ObjectReader, oldSpec: Json): void {
  const old = new Set(objectsAt(oldSpec, 'schedulingGates').map((gate) => gate['name']));
  spec.objects('schedulingGates').forEach((gate) => {
    const name = gate.string('name');
    if (!old.has(name)) gate.problems.forbidden(gate.at('name'), `only deletion is allowed, but found new scheduling gate '${name}'`);
  });
}

/** The new spec with every field an update may change set back to its old value. */
function munge(spec: Json, oldSpec: Json): Json {
  const munged = structuredClone(spec);
  for (const list of ['containers', 'initContainers']) {
    const olds = objectsAt(oldSpec, list);
    objectsAt(munged, list).forEach((container, index) => {
      container['image'] = olds[index]?.['image'];
    });
  }
  const grace = oldSpec['terminationGracePeriodSeconds'];
  const carryOver = ['activeDeadlineSeconds', 'tolerations', 'schedulingGates'];
  if (typeof grace === 'number' && grace < 0 && munged['terminationGracePeriodSeconds'] === 1) carryOver.push('terminationGracePeriodSeconds');
  // Binding a pending pod to a node goes through an update in Tugboat.
  if (isUnset(oldSpec['nodeName']) || oldSpec['nodeName'] === '') carryOver.push('nodeName');
  for (const field of carryOver) {
    if (isUnset(oldSpec[field])) delete munged[field];
    else munged[field] = structuredClone(oldSpec[field]);
  }
  return munged;
}

function checkMirrorAnnotation(root: ObjectReader, old: ApiObject): void {
  const next = root.fields['metadata'];
  const before = old.metadata.annotations?.[MIRROR_POD_ANNOTATION];
  const after = isPlainObject(next) && isPlainObject(next['annotations']) ? next['annotations'][MIRROR_POD_ANNOTATION] : undefined;
  const path = root.at('metadata', 'annotations').key(MIRROR_POD_ANNOTATION);
  if (before !== undefined && before !== after) root.problems.forbidden(path, 'may not remove or update mirror pod annotation');
  if (before === undefined && after !== undefined) root.problems.forbidden(path, 'may not add mirror pod annotation');
}

/** Upstream's ValidatePodUpdate: a pod's spec is fixed but for images, deadlines, tolerations and gates. */
export function checkPodUpdate(root: ObjectReader, old: ApiObject): void {
  checkMirrorAnnotation(root, old);
  const spec = root.struct('spec');
  const oldSpec = objectAt(old, 'spec') ?? {};
  if (checkContainerUpdates(spec, oldSpec, 'containers') || checkContainerUpdates(spec, oldSpec, 'initContainers')) return;
  if (checkActiveDeadline(spec, oldSpec)) return;
  checkOnlyAddedTolerations(spec, oldSpec);
  checkOnlyDeletedGates(spec, oldSpec);
  const munged = munge(spec.fields, oldSpec);
  if (!deepEqual(munged, oldSpec)) {
    const message = `pod updates may not change fields other than ${UPDATABLE_FIELDS.join(',')}\n${specDiff(oldSpec, munged, 'spec')}`;
    root.problems.forbidden(root.at('spec'), message);
  }
}
