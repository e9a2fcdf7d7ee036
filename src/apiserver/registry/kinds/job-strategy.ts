import { randomUUID } from 'node:crypto';
import type { ApiObject } from '../../../api/object.js';
import { isPlainObject } from '../../../api/object.js';
import { fromLabelSelector, validateLabelSelector } from '../../../api/label-selector.js';
import { GoValue, goLabelSelector } from './go-values.js';
import { type Json, deepEqual, ensureObject, isUnset, objectAt, objectsAt, setDefault } from './json.js';
import { checkIndexedPodNames, checkJobSpec } from './job-spec-validation.js';
import { KindStrategy } from './kind-strategy.js';
import type { ObjectReader } from './object-reader.js';
import { applyTemplateDefaults } from './pod-defaults.js';
import { checkSelectorMatchesTemplate } from './workload-validation.js';

export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
const LEGACY_JOB_NAME_LABEL = 'job-name';
const IMMUTABLE_FIELDS = ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy'];

function manualSelector(spec: Json | undefined): boolean {
  return spec?.['manualSelector'] === true;
}

/** Upstream's generateSelector: pods carry the job's name and uid, and the selector picks the uid. */
function generateSelector(object: ApiObject, spec: Json): void {
  const uid = object.metadata.uid ?? '';
  const template = ensureObject(spec, 'template');
  const metadata = template === undefined ? undefined : ensureObject(template, 'metadata');
  const labels = metadata === undefined ? undefined : ensureObject(metadata, 'labels');
  if (labels !== undefined) {
    for (const key of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) setDefault(labels, key, object.metadata.name ?? '');
    for (const key of [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL]) setDefault(labels, key, uid);
  }
  const selector = ensureObject(spec, 'selector');
  const matchLabels = selector === undefined ? undefined : ensureObject(selector, 'matchLabels');
  if (matchLabels !== undefined) setDefault(matchLabels, CONTROLLER_UID_LABEL, uid);
}

function checkGeneratedSelector(root: ObjectReader, uid: string): void {
  const spec = root.struct('spec');
  const labels = spec.struct('template').struct('metadata').raw('labels');
  if (manualSelector(spec.fields) || labels === undefined) return;
  if (uid === '') root.problems.required(root.at('metadata', 'uid'));
  const { selector } = fromLabelSelector(spec.raw('selector'), spec.at('selector'));
  if (selector === undefined) root.problems.invalid(spec.at('selector'), goLabelSelector(spec.raw('selector')), 'invalid label selector.');
  else if (!selector.matches({ [CONTROLLER_UID_LABEL]: uid })) {
    root.problems.invalid(spec.at('selector'), goLabelSelector(spec.raw('selector')), '`selector` not auto-generated');
  }
}

function immutable(spec: ObjectReader, oldSpec: Json, field: string): void {
  if (!deepEqual(spec.raw(field) ?? null, oldSpec[field] ?? null)) spec.problems.invalid(spec.at(field), spec.raw(field) ?? null, 'field is immutable');
}

/** Upstream's ValidateJobSpecUpdate, with the scheduling directives a suspended, unstarted Job may change. */
function checkJobUpdate(spec: ObjectReader, old: ApiObject): void {
  const oldSpec = objectAt(old, 'spec') ?? {};
  const indexed = spec.optionalString('completionMode') === 'Indexed';
  if (!indexed) immutable(spec, oldSpec, 'completions');
  else if (!deepEqual(spec.raw('completions'), oldSpec['completions']) && spec.int('completions') !== spec.int('parallelism')) {
    spec.problems.invalid(spec.at('completions'), spec.raw('completions') ?? null, 'can only be modified in tandem with `parallelism`');
  }
  if (!deepEqual(spec.raw('selector') ?? null, oldSpec['selector'] ?? null)) {
    spec.problems.invalid(spec.at('selector'), goLabelSelector(spec.raw('selector')), 'field is immutable');
  }
  const template = structuredClone(objectAt(spec.fields, 'template') ?? {});
  const oldTemplate = structuredClone(objectAt(oldSpec, 'template') ?? {});
  const status = objectAt(old, 'status');
  if (oldSpec['suspend'] === true && isUnset(status?.['startTime'])) {
    for (const [holder, field] of [['metadata', 'labels'], ['metadata', 'annotations'], ['spec', 'nodeSelector'], ['spec', 'tolerations'], ['spec', 'schedulingGates'], ['spec', 'affinity']] as const) {
      const part = objectAt(template, holder);
      const oldPart = objectAt(oldTemplate, holder);
      if (part !== undefined) delete part[field];
      if (oldPart !== undefined) delete oldPart[field];
    }
  }
  if (!deepEqual(template, oldTemplate)) spec.problems.invalid(spec.at('template'), new GoValue('core.PodTemplateSpec{...}'), 'field is immutable');
  for (const field of IMMUTABLE_FIELDS) immutable(spec, oldSpec, field);
}

/** Jobs (batch/v1): generated selectors, upstream's defaults, ValidateJob and ValidateJobUpdate. */
export class JobStrategy extends KindStrategy {
  override prepareForCreate(object: ApiObject): void {
    super.prepareForCreate(object);
    object.metadata.uid = randomUUID();
    const spec = ensureObject(object, 'spec');
    if (spec !== undefined && !manualSelector(spec)) generateSelector(object, spec);
  }

  override applyDefaults(object: ApiObject): void {
    const spec = ensureObject(object, 'spec');
    if (spec === undefined) return;
    if (isUnset(spec['completions']) && isUnset(spec['parallelism'])) spec['completions'] = 1;
    setDefault(spec, 'parallelism', 1);
    setDefault(spec, 'backoffLimit', isUnset(spec['backoffLimitPerIndex']) ? 6 : 2147483647);
    const templateLabels = objectAt(objectAt(objectAt(spec, 'template') ?? {}, 'metadata') ?? {}, 'labels');
    if (templateLabels !== undefined && Object.keys(object.metadata.labels ?? {}).length === 0) {
      object.metadata.labels = Object.fromEntries(Object.entries(templateLabels).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    }
    setDefault(spec, 'completionMode', 'NonIndexed');
    setDefault(spec, 'suspend', false);
    const failurePolicy = objectAt(spec, 'podFailurePolicy');
    for (const rule of objectsAt(failurePolicy ?? {}, 'rules')) for (const pattern of objectsAt(rule, 'onPodConditions')) setDefault(pattern, 'status', 'True');
    setDefault(spec, 'podReplacementPolicy', failurePolicy === undefined ? 'TerminatingOrFailed' : 'Failed');
    applyTemplateDefaults(spec);
  }

  protected override check(root: ObjectReader, old: ApiObject | undefined): void {
    const metadata = root.fields['metadata'];
    const name = isPlainObject(metadata) && typeof metadata['name'] === 'string' ? metadata['name'] : '';
    const uid = isPlainObject(metadata) && typeof metadata['uid'] === 'string' ? metadata['uid'] : '';
    // The selector was generated from the uid at create; later it is only kept unchanged.
    if (old === undefined) checkGeneratedSelector(root, uid);
    const spec = root.struct('spec');
    checkJobSpec(spec);
    if (!spec.has('selector')) spec.problems.required(spec.at('selector'));
    else spec.problems.add(...validateLabelSelector(spec.raw('selector'), spec.at('selector')));
    const { selector } = fromLabelSelector(spec.raw('selector'), spec.at('selector'));
    if (selector !== undefined) checkSelectorMatchesTemplate(spec, selector, true);
    checkIndexedPodNames(root, name);
    if (old !== undefined) checkJobUpdate(spec, old);
  }
}
