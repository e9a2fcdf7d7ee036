import { validateLabelSelector } from '../../../api/label-selector.js';
import { validateLabelName } from '../../../api/labels-validation.js';
import { validateDns1123Label, validateLabelValue } from '../../../api/names.js';
import type { ObjectReader } from './object-reader.js';
import { checkTaintEffect } from './taints.js';

function checkNodeSelectorRequirements(term: ObjectReader, key: 'matchExpressions' | 'matchFields'): void {
  for (const requirement of term.objects(key)) {
    const { problems } = requirement;
    const values = requirement.strings('values');
    const operator = requirement.string('operator');
    switch (operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) problems.required(requirement.at('values'), "must be specified when `operator` is 'In' or 'NotIn'");
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) problems.forbidden(requirement.at('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
        break;
      case 'Gt':
      case 'Lt':
        if (values.length !== 1) problems.required(requirement.at('values'), "must be specified single value when `operator` is 'Lt' or 'Gt'");
        break;
      default:
        problems.invalid(requirement.at('operator'), operator, 'not a valid selector operator');
    }
    const name = requirement.string('key');
    if (key === 'matchFields') {
      if (name !== 'metadata.name') problems.notSupported(requirement.at('key'), name, ['metadata.name']);
      else if (operator !== 'In' && operator !== 'NotIn') problems.invalid(requirement.at('operator'), operator, 'not a valid selector operator');
    } else {
      problems.add(...validateLabelName(name, requirement.at('key')));
    }
  }
}

function checkNodeSelectorTerm(term: ObjectReader): void {
  checkNodeSelectorRequirements(term, 'matchExpressions');
  checkNodeSelectorRequirements(term, 'matchFields');
}

function checkWeight(term: ObjectReader): void {
  const weight = term.int('weight') ?? 0;
  if (weight <= 0 || weight > 100) term.problems.invalid(term.at('weight'), weight, 'must be in the range 1-100');
}

function checkPodAffinityTerm(term: ObjectReader): void {
  const { problems } = term;
  problems.add(...validateLabelSelector(term.raw('labelSelector'), term.at('labelSelector')));
  problems.add(...validateLabelSelector(term.raw('namespaceSelector'), term.at('namespaceSelector')));
  for (const namespace of term.strings('namespaces')) problems.invalidEach(term.at('namespace'), namespace, validateDns1123Label(namespace));
  const topologyKey = term.string('topologyKey');
  if (topologyKey === '') problems.required(term.at('topologyKey'), 'can not be empty');
  else problems.add(...validateLabelName(topologyKey, term.at('topologyKey')));
}

function checkPodAffinity(affinity: ObjectReader | undefined): void {
  if (affinity === undefined) return;
  for (const term of affinity.objects('requiredDuringSchedulingIgnoredDuringExecution')) checkPodAffinityTerm(term);
  for (const weighted of affinity.objects('preferredDuringSchedulingIgnoredDuringExecution')) {
    checkWeight(weighted);
    checkPodAffinityTerm(weighted.struct('podAffinityTerm'));
  }
}

/** Upstream's validateAffinity. */
export function checkAffinity(spec: ObjectReader): void {
  const affinity = spec.object('affinity');
  if (affinity === undefined) return;
  const nodeAffinity = affinity.object('nodeAffinity');
  const required = nodeAffinity?.object('requiredDuringSchedulingIgnoredDuringExecution');
  if (required !== undefined) {
    const terms = required.objects('nodeSelectorTerms');
    if (terms.length === 0) required.problems.required(required.at('nodeSelectorTerms'), 'must have at least one node selector term');
    terms.forEach(checkNodeSelectorTerm);
  }
  for (const weighted of nodeAffinity?.objects('preferredDuringSchedulingIgnoredDuringExecution') ?? []) {
    checkWeight(weighted);
    checkNodeSelectorTerm(weighted.struct('preference'));
  }
  checkPodAffinity(affinity.object('podAffinity'));
  checkPodAffinity(affinity.object('podAntiAffinity'));
}

/** Upstream's ValidateTolerations. */
export function checkTolerations(spec: ObjectReader): void {
  for (const toleration of spec.objects('tolerations')) {
    const { problems } = toleration;
    const key = toleration.string('key');
    const operator = toleration.string('operator');
    const effect = toleration.string('effect');
    const value = toleration.string('value');
    if (key !== '') problems.add(...validateLabelName(key, toleration.at('key')));
    if (key === '' && operator !== 'Exists') {
      problems.invalid(toleration.at('operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"');
    }
    if (toleration.has('tolerationSeconds') && effect !== 'NoExecute') {
      problems.invalid(toleration.at('effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set");
    }
    if (operator === 'Equal' || operator === '') {
      const messages = validateLabelValue(value);
      if (messages.length > 0) problems.invalid(toleration.at('operator'), value, messages.join(';'));
    } else if (operator === 'Exists') {
      if (value !== '') problems.invalid(toleration.at('operator'), toleration.fields, "value must be empty when `operator` is 'Exists'");
    } else {
      problems.notSupported(toleration.at('operator'), operator, ['Equal', 'Exists']);
    }
    checkTaintEffect(problems, toleration.at('effect'), effect, true);
  }
}

/** Upstream's validateTopologySpreadConstraints. */
export function checkTopologySpread(spec: ObjectReader): void {
  const seen = new Set<string>();
  for (const constraint of spec.objects('topologySpreadConstraints')) {
    const { problems } = constraint;
    const maxSkew = constraint.int('maxSkew') ?? 0;
    if (maxSkew <= 0) problems.invalid(constraint.at('maxSkew'), maxSkew, 'must be greater than zero');
    const topologyKey = constraint.string('topologyKey');
    if (topologyKey === '') problems.required(constraint.at('topologyKey'), 'can not be empty');
    const when = constraint.string('whenUnsatisfiable');
    if (when !== 'DoNotSchedule' && when !== 'ScheduleAnyway') {
      problems.notSupported(constraint.at('whenUnsatisfiable'), when, ['DoNotSchedule', 'ScheduleAnyway']);
    }
    const pair = `{${topologyKey}, ${when}}`;
    if (seen.has(pair)) problems.duplicate(constraint.at('{topologyKey, whenUnsatisfiable}'), pair);
    seen.add(pair);
    const minDomains = constraint.int('minDomains');
    if (minDomains !== undefined && minDomains <= 0) problems.invalid(constraint.at('minDomains'), minDomains, 'must be greater than 0');
    else if (minDomains !== undefined && when !== 'DoNotSchedule') {
      problems.invalid(constraint.at('minDomains'), minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${when}`);
    }
    problems.add(...validateLabelSelector(constraint.raw('labelSelector'), constraint.at('labelSelector')));
    for (const policy of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      const value = constraint.optionalString(policy);
      if (value !== undefined && value !== 'Honor' && value !== 'Ignore') problems.notSupported(constraint.at(policy), value, ['Honor', 'Ignore']);
    }
  }
}
