import { validateDns1123Label } from '../../../api/names.js';
import { checkNonnegative } from './numbers.js';
import type { ObjectReader } from './object-reader.js';
import { checkPodTemplate } from './pod-template-validation.js';

const MAX_INDEXED_PARALLELISM = 100000;
/** Job fields this server's Job controller does not act on yet: refused, never silently ignored. */
const NOT_IMPLEMENTED = ['podFailurePolicy', 'backoffLimitPerIndex', 'maxFailedIndexes', 'successPolicy'];
const FAILURE_ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];

function checkPodFailurePolicy(spec: ObjectReader): void {
  const policy = spec.object('podFailurePolicy');
  if (policy === undefined) return;
  const { problems } = policy;
  for (const rule of policy.objects('rules')) {
    const action = rule.string('action');
    if (!FAILURE_ACTIONS.includes(action)) problems.notSupported(rule.at('action'), action, FAILURE_ACTIONS);
    const exitCodes = rule.has('onExitCodes');
    const conditions = rule.list('onPodConditions').length > 0;
    if (exitCodes && conditions) problems.invalid(rule.path, rule.fields, 'specifying both OnExitCodes and OnPodConditions is not supported');
    if (!exitCodes && !conditions) problems.invalid(rule.path, rule.fields, 'specifying one of OnExitCodes and OnPodConditions is required');
  }
}

/**
 * Upstream's validateJobSpec (shared by Jobs and CronJob job templates): counts,
 * completion mode, replacement policy, the pod template and its restart policy.
 */
export function checkJobSpec(spec: ObjectReader): void {
  const { problems } = spec;
  for (const field of NOT_IMPLEMENTED) {
    if (spec.has(field)) problems.forbidden(spec.at(field), 'not supported by this server yet: its Job controller would ignore it');
  }
  const parallelism = spec.int('parallelism');
  const completions = spec.int('completions');
  for (const field of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) {
    checkNonnegative(problems, spec.at(field), spec.int(field));
  }
  const mode = spec.optionalString('completionMode');
  if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') problems.notSupported(spec.at('completionMode'), mode, ['NonIndexed', 'Indexed']);
  if (mode === 'Indexed') {
    if (completions === undefined) problems.required(spec.at('completions'), 'when completion mode is Indexed');
    if (parallelism !== undefined && parallelism > MAX_INDEXED_PARALLELISM) {
      problems.invalid(spec.at('parallelism'), parallelism, `must be less than or equal to ${MAX_INDEXED_PARALLELISM} when completion mode is Indexed`);
    }
  } else if (spec.has('backoffLimitPerIndex')) {
    problems.required(spec.at('completionMode'), 'when backoffLimitPerIndex is specified, completionMode must be Indexed');
  }
  checkPodFailurePolicy(spec);
  const replacement = spec.optionalString('podReplacementPolicy');
  if (replacement !== undefined) {
    if (spec.has('podFailurePolicy') && replacement !== 'Failed') problems.notSupported(spec.at('podReplacementPolicy'), replacement, ['Failed']);
    else if (replacement !== 'Failed' && replacement !== 'TerminatingOrFailed') {
      problems.notSupported(spec.at('podReplacementPolicy'), replacement, ['Failed', 'TerminatingOrFailed']);
    }
  }
  const template = spec.struct('template');
  checkPodTemplate(template);
  const podSpec = template.struct('spec');
  const restartPolicy = podSpec.string('restartPolicy');
  const path = podSpec.at('restartPolicy');
  if (restartPolicy === 'Always' || restartPolicy === '') problems.required(path, 'valid values: "OnFailure", "Never"');
  else if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') problems.notSupported(path, restartPolicy, ['OnFailure', 'Never']);
  else if (spec.has('podFailurePolicy') && restartPolicy !== 'Never') problems.invalid(path, restartPolicy, 'only "Never" is supported when podFailurePolicy is specified');
}

/** Pods of an Indexed Job are named `<job>-<index>`: the longest must still be a DNS label. */
export function checkIndexedPodNames(root: ObjectReader, name: string): void {
  const spec = root.struct('spec');
  const completions = spec.int('completions');
  if (spec.optionalString('completionMode') !== 'Indexed' || completions === undefined || completions <= 0) return;
  const hostname = `${name}-${completions - 1}`;
  if (validateDns1123Label(hostname).length > 0) {
    root.problems.invalid(root.at('metadata', 'name'), name, `will not able to create pod with invalid DNS label: ${hostname}`);
  }
}
