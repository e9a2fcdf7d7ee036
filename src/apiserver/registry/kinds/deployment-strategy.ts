import type { ApiObject } from '../../../api/object.js';
import { GoValue } from './go-values.js';
import { checkNotMoreThan100Percent, checkPositiveIntOrPercent, intOrPercentValue } from './int-or-string.js';
import { goIntOrString } from './go-values.js';
import { deepEqual, ensureObject, objectAt, setDefault } from './json.js';
import { KindStrategy } from './kind-strategy.js';
import { checkNonnegative } from './numbers.js';
import type { ObjectReader } from './object-reader.js';
import { applyTemplateDefaults } from './pod-defaults.js';
import { checkReplicatedTemplate, checkSelectorUnchanged, workloadSelector } from './workload-validation.js';

function checkStrategy(spec: ObjectReader): void {
  const strategy = spec.struct('strategy');
  const { problems } = strategy;
  const type = strategy.string('type');
  const rollingUpdate = strategy.object('rollingUpdate');
  if (type === 'Recreate') {
    if (rollingUpdate !== undefined) problems.forbidden(strategy.at('rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'");
  } else if (type === 'RollingUpdate') {
    if (rollingUpdate === undefined) { problems.required(strategy.at('rollingUpdate'), 'this should be defaulted and never be nil'); return; }
    const maxUnavailable = rollingUpdate.raw('maxUnavailable');
    const maxSurge = rollingUpdate.raw('maxSurge');
    checkPositiveIntOrPercent(problems, rollingUpdate.at('maxUnavailable'), maxUnavailable);
    checkPositiveIntOrPercent(problems, rollingUpdate.at('maxSurge'), maxSurge);
    if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0) {
      problems.invalid(rollingUpdate.at('maxUnavailable'), goIntOrString(maxUnavailable ?? 0), 'may not be 0 when `maxSurge` is 0');
    }
    checkNotMoreThan100Percent(problems, rollingUpdate.at('maxUnavailable'), maxUnavailable);
  } else {
    const value = new GoValue(`apps.DeploymentStrategy{Type:${JSON.stringify(type)}, RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}`);
    problems.notSupported(strategy.path, value, ['Recreate', 'RollingUpdate']);
  }
}

/** Deployments (apps/v1): upstream's defaults, ValidateDeploymentSpec and an immutable selector. */
export class DeploymentStrategy extends KindStrategy {
  override applyDefaults(object: ApiObject): void {
    const spec = ensureObject(object, 'spec');
    if (spec === undefined) return;
    setDefault(spec, 'replicas', 1);
    const strategy = ensureObject(spec, 'strategy');
    if (strategy !== undefined) {
      setDefault(strategy, 'type', 'RollingUpdate');
      const rollingUpdate = strategy['type'] === 'RollingUpdate' ? ensureObject(strategy, 'rollingUpdate') : undefined;
      if (rollingUpdate !== undefined) {
        setDefault(rollingUpdate, 'maxUnavailable', '25%');
        setDefault(rollingUpdate, 'maxSurge', '25%');
      }
    }
    setDefault(spec, 'revisionHistoryLimit', 10);
    setDefault(spec, 'progressDeadlineSeconds', 600);
    applyTemplateDefaults(spec);
  }

  /** As upstream, annotation changes bump the generation too: they are copied to ReplicaSets. */
  readonly statusUpdatesAnnotations = true;

  override bumpsGeneration(object: ApiObject, old: ApiObject): boolean {
    return !deepEqual(object['spec'], old['spec']) || !deepEqual(object.metadata.annotations ?? {}, old.metadata.annotations ?? {});
  }

  protected override check(root: ObjectReader, old: ApiObject | undefined): void {
    const spec = root.struct('spec');
    const { problems } = spec;
    checkNonnegative(problems, spec.at('replicas'), spec.int('replicas'));
    const selector = workloadSelector(spec, { required: true, emptyMessage: 'empty selector is invalid for deployment' });
    if (selector !== undefined) checkReplicatedTemplate(spec, selector, 'ReplicaSet');
    checkStrategy(spec);
    const minReadySeconds = spec.int('minReadySeconds') ?? 0;
    checkNonnegative(problems, spec.at('minReadySeconds'), minReadySeconds);
    checkNonnegative(problems, spec.at('revisionHistoryLimit'), spec.int('revisionHistoryLimit'));
    const deadline = spec.int('progressDeadlineSeconds');
    checkNonnegative(problems, spec.at('progressDeadlineSeconds'), deadline);
    if (deadline !== undefined && deadline <= minReadySeconds) problems.invalid(spec.at('progressDeadlineSeconds'), deadline, 'must be greater than minReadySeconds');
    if (old !== undefined) checkSelectorUnchanged(spec, objectAt(old, 'spec'));
  }
}
