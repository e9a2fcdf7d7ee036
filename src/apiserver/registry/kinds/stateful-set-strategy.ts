import type { ApiObject } from '../../../api/object.js';
import { isPlainObject } from '../../../api/object.js';
import { checkNotMoreThan100Percent, checkPositiveIntOrPercent, intOrPercentValue } from './int-or-string.js';
import { goIntOrString } from './go-values.js';
import { deepEqual, ensureObject, isUnset, objectAt, objectsAt, setDefault } from './json.js';
import { KindStrategy } from './kind-strategy.js';
import { checkNonnegative } from './numbers.js';
import type { ObjectReader } from './object-reader.js';
import { applyClaimSpecDefaults, applyTemplateDefaults } from './pod-defaults.js';
import { checkPodTemplate } from './pod-template-validation.js';
import { checkSelectorMatchesTemplate, workloadSelector } from './workload-validation.js';

const RETENTION_POLICIES = ['Retain', 'Delete'];
const MUTABLE_FIELDS = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds', 'revisionHistoryLimit'];

function checkUpdateStrategy(spec: ObjectReader): void {
  const strategy = spec.struct('updateStrategy');
  const { problems } = strategy;
  const type = strategy.string('type');
  const rollingUpdate = strategy.object('rollingUpdate');
  if (type === '') problems.required(spec.at('updateStrategy'));
  else if (type === 'OnDelete') {
    if (rollingUpdate !== undefined) problems.invalid(rollingUpdate.path, rollingUpdate.fields, "only allowed for updateStrategy 'RollingUpdate'");
  } else if (type === 'RollingUpdate') {
    if (rollingUpdate === undefined) return;
    checkNonnegative(problems, rollingUpdate.at('partition'), rollingUpdate.int('partition'));
    const maxUnavailable = rollingUpdate.raw('maxUnavailable');
    if (maxUnavailable === undefined) return;
    checkPositiveIntOrPercent(problems, rollingUpdate.at('maxUnavailable'), maxUnavailable);
    if (intOrPercentValue(maxUnavailable) === 0) problems.invalid(rollingUpdate.at('maxUnavailable'), goIntOrString(maxUnavailable), 'cannot be 0');
    checkNotMoreThan100Percent(problems, rollingUpdate.at('maxUnavailable'), maxUnavailable);
  } else {
    problems.invalid(spec.at('updateStrategy'), strategy.fields, "must be 'RollingUpdate' or 'OnDelete'");
  }
}

/**
 * StatefulSets (apps/v1). Upstream checks only the template's labels and annotations and
 * lets pod creation fail later; Tugboat checks the whole pod template, counting the
 * volumeClaimTemplates as volumes, so mistakes show when the manifest is applied.
 */
export class StatefulSetStrategy extends KindStrategy {
  override applyDefaults(object: ApiObject): void {
    const spec = ensureObject(object, 'spec');
    if (spec === undefined) return;
    setDefault(spec, 'podManagementPolicy', 'OrderedReady');
    const strategy = ensureObject(spec, 'updateStrategy');
    if (strategy !== undefined && (isUnset(strategy['type']) || strategy['type'] === '')) {
      strategy['type'] = 'RollingUpdate';
      setDefault(strategy, 'rollingUpdate', {});
    }
    const rollingUpdate = strategy?.['type'] === 'RollingUpdate' ? objectAt(strategy, 'rollingUpdate') : undefined;
    if (rollingUpdate !== undefined) setDefault(rollingUpdate, 'partition', 0);
    const retention = ensureObject(spec, 'persistentVolumeClaimRetentionPolicy');
    if (retention !== undefined) {
      for (const field of ['whenDeleted', 'whenScaled']) if (isUnset(retention[field]) || retention[field] === '') retention[field] = 'Retain';
    }
    setDefault(spec, 'replicas', 1);
    setDefault(spec, 'revisionHistoryLimit', 10);
    applyTemplateDefaults(spec);
    for (const claim of objectsAt(spec, 'volumeClaimTemplates')) {
      setDefault(claim, 'apiVersion', 'v1');
      setDefault(claim, 'kind', 'PersistentVolumeClaim');
      const claimSpec = ensureObject(claim, 'spec');
      if (claimSpec !== undefined) applyClaimSpecDefaults(claimSpec);
      const status = ensureObject(claim, 'status');
      if (status !== undefined) setDefault(status, 'phase', 'Pending');
    }
  }

  protected override check(root: ObjectReader, old: ApiObject | undefined): void {
    const spec = root.struct('spec');
    const { problems } = spec;
    const policy = spec.string('podManagementPolicy');
    if (policy === '') problems.required(spec.at('podManagementPolicy'));
    else if (policy !== 'OrderedReady' && policy !== 'Parallel') problems.invalid(spec.at('podManagementPolicy'), policy, "must be 'OrderedReady' or 'Parallel'");
    checkUpdateStrategy(spec);
    const retention = spec.object('persistentVolumeClaimRetentionPolicy');
    for (const field of ['whenDeleted', 'whenScaled']) {
      const value = retention?.string(field);
      if (retention !== undefined && value !== undefined && !RETENTION_POLICIES.includes(value)) problems.notSupported(retention.at(field), value, RETENTION_POLICIES);
    }
    checkNonnegative(problems, spec.at('replicas'), spec.int('replicas'));
    checkNonnegative(problems, spec.at('minReadySeconds'), spec.int('minReadySeconds'));
    const ordinals = spec.object('ordinals');
    if (ordinals !== undefined) checkNonnegative(problems, spec.at('ordinals.start'), ordinals.int('start'));
    const selector = workloadSelector(spec, { required: true, emptyMessage: 'empty selector is invalid for statefulset', invalidMessage: '' });
    const claimNames = spec.objects('volumeClaimTemplates').map((claim) => {
      const metadata = claim.raw('metadata');
      return isPlainObject(metadata) && typeof metadata['name'] === 'string' ? metadata['name'] : '';
    });
    if (selector !== undefined) {
      checkSelectorMatchesTemplate(spec, selector);
      checkPodTemplate(spec.struct('template'), { extraVolumes: claimNames });
    }
    const template = spec.struct('template');
    const podSpec = template.struct('spec');
    const restartPolicy = podSpec.string('restartPolicy');
    if (restartPolicy !== 'Always') problems.notSupported(podSpec.at('restartPolicy'), restartPolicy, ['Always']);
    if (podSpec.has('activeDeadlineSeconds')) problems.forbidden(podSpec.at('activeDeadlineSeconds'), 'activeDeadlineSeconds in StatefulSet is not Supported');
    if (old !== undefined) checkFrozenSpec(spec, objectAt(old, 'spec') ?? {});
  }
}

function checkFrozenSpec(spec: ObjectReader, oldSpec: Record<string, unknown>): void {
  const next = { ...spec.fields };
  const previous = { ...oldSpec };
  for (const field of MUTABLE_FIELDS) {
    delete next[field];
    delete previous[field];
  }
  if (!deepEqual(next, previous)) {
    spec.problems.forbidden(
      spec.path,
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );
  }
}
