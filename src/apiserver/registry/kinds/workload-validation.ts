import { type LabelSelector, fromLabelSelector, validateLabelSelector } from '../../../api/label-selector.js';
import { isPlainObject } from '../../../api/object.js';
import { goLabelSelector, goStringMap } from './go-values.js';
import { deepEqual } from './json.js';
import type { ObjectReader } from './object-reader.js';
import { checkPodTemplate } from './pod-template-validation.js';

/**
 * Upstream's selector rules of the apps/v1 workloads: required, valid and not empty.
 * Returns the selector (LabelSelector.nothing when absent), or undefined when it does
 * not convert, after reporting it.
 */
export function workloadSelector(spec: ObjectReader, options: { required: boolean; emptyMessage: string; invalidMessage?: string | false }): LabelSelector | undefined {
  const { problems } = spec;
  const raw = spec.raw('selector');
  const path = spec.at('selector');
  if (raw === undefined) {
    if (options.required) problems.required(path);
  } else {
    problems.add(...validateLabelSelector(raw, path));
    const matchLabels = isPlainObject(raw) && isPlainObject(raw['matchLabels']) ? Object.keys(raw['matchLabels']).length : 0;
    const expressions = isPlainObject(raw) && Array.isArray(raw['matchExpressions']) ? raw['matchExpressions'].length : 0;
    if (matchLabels + expressions === 0) problems.invalid(path, goLabelSelector(raw), options.emptyMessage);
  }
  const { selector } = fromLabelSelector(raw, path);
  if (selector === undefined && options.invalidMessage !== false) {
    problems.invalid(path, goLabelSelector(raw), options.invalidMessage ?? 'invalid label selector');
  }
  return selector;
}

/** The template's labels must match the selector (an empty selector matches anything). */
export function checkSelectorMatchesTemplate(spec: ObjectReader, selector: LabelSelector, checkEverything = false): void {
  const template = spec.struct('template');
  const metadata = template.struct('metadata');
  const labels = metadata.stringMap('labels');
  if ((checkEverything || !selector.isEverything()) && !selector.matches(labels)) {
    spec.problems.invalid(template.at('metadata', 'labels'), goStringMap(metadata.raw('labels')), '`selector` does not match template `labels`');
  }
}

/** Upstream's ValidatePodTemplateSpecForReplicaSet (used by Deployments and ReplicaSets). */
export function checkReplicatedTemplate(spec: ObjectReader, selector: LabelSelector, kind: string, extraVolumes: readonly string[] = []): void {
  checkSelectorMatchesTemplate(spec, selector);
  const template = spec.struct('template');
  checkPodTemplate(template, { extraVolumes });
  checkRestartAlways(template, kind);
}

/** Pods of long-running workloads must restart Always and may not have a deadline. */
export function checkRestartAlways(template: ObjectReader, kind: string): void {
  const podSpec = template.struct('spec');
  const restartPolicy = podSpec.string('restartPolicy');
  if (restartPolicy !== 'Always') template.problems.notSupported(podSpec.at('restartPolicy'), restartPolicy, ['Always']);
  if (podSpec.has('activeDeadlineSeconds')) template.problems.forbidden(podSpec.at('activeDeadlineSeconds'), `activeDeadlineSeconds in ${kind} is not Supported`);
}

/** Upstream's ValidateImmutableField for a label selector. */
export function checkSelectorUnchanged(spec: ObjectReader, oldSpec: unknown): void {
  const old = isPlainObject(oldSpec) ? oldSpec['selector'] : undefined;
  const next = spec.raw('selector');
  if (!deepEqual(next ?? null, old ?? null)) spec.problems.invalid(spec.at('selector'), goLabelSelector(next), 'field is immutable');
}
