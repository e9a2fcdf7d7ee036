import type { ApiObject } from '../../../api/object.js';
import { checkNotMoreThan100Percent, checkPositiveIntOrPercent, intOrPercentValue } from './int-or-string.js';
import { GoValue, goIntOrString } from './go-values.js';
import { deepEqual, ensureObject, objectAt, setDefault } from './json.js';
import { KindStrategy } from './kind-strategy.js';
import { checkNonnegative } from './numbers.js';
import type { ObjectReader } from './object-reader.js';
import { applyTemplateDefaults } from './pod-defaults.js';
import { checkPodTemplate } from './pod-template-validation.js';
import { checkRestartAlways, checkSelectorMatchesTemplate, checkSelectorUnchanged, workloadSelector } from './workload-validation.js';

/** Where apps/v1 keeps the internal spec.templateGeneration of a DaemonSet. */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

function templateGeneration(object: ApiObject): number {
  const value = Number(object.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION] ?? '0');
  return Number.isInteger(value) ? value : 0;
}

function setTemplateGeneration(object: ApiObject, generation: number): void {
  object.metadata.annotations = { ...object.metadata.annotations, [TEMPLATE_GENERATION_ANNOTATION]: String(generation) };
}

function checkUpdateStrategy(spec: ObjectReader): void {
  const strategy = spec.struct('updateStrategy');
  const { problems } = strategy;
  const type = strategy.string('type');
  if (type === 'OnDelete') return;
  if (type !== 'RollingUpdate') {
    const value = new GoValue(`apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(type)}, RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}`);
    problems.notSupported(strategy.path, value, ['RollingUpdate', 'OnDelete']); return;
  }
  const rollingUpdate = strategy.object('rollingUpdate');
  if (rollingUpdate === undefined) { problems.required(strategy.at('rollingUpdate')); return; }
  const maxUnavailable = rollingUpdate.raw('maxUnavailable');
  const maxSurge = rollingUpdate.raw('maxSurge');
  checkPositiveIntOrPercent(problems, rollingUpdate.at('maxUnavailable'), maxUnavailable);
  checkPositiveIntOrPercent(problems, rollingUpdate.at('maxSurge'), maxSurge);
  checkNotMoreThan100Percent(problems, rollingUpdate.at('maxUnavailable'), maxUnavailable);
  checkNotMoreThan100Percent(problems, rollingUpdate.at('maxSurge'), maxSurge);
  const hasUnavailable = intOrPercentValue(maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(maxSurge) !== 0;
  if (hasUnavailable && hasSurge) problems.invalid(rollingUpdate.at('maxSurge'), goIntOrString(maxSurge), 'may not be set when maxUnavailable is non-zero');
  if (!hasUnavailable && !hasSurge) problems.required(rollingUpdate.at('maxUnavailable'), 'cannot be 0 when maxSurge is 0');
}

/** DaemonSets (apps/v1): upstream's defaults, template generation, ValidateDaemonSetSpec, immutable selector. */
export class DaemonSetStrategy extends KindStrategy {
  override prepareForCreate(object: ApiObject): void {
    super.prepareForCreate(object);
    if (templateGeneration(object) < 1) setTemplateGeneration(object, 1);
  }

  override prepareForUpdate(object: ApiObject, old: ApiObject): void {
    super.prepareForUpdate(object, old);
    const previous = templateGeneration(old);
    const [next, before] = [structuredClone(object), structuredClone(old)];
    this.applyDefaults(next);
    this.applyDefaults(before);
    const templateChanged = !deepEqual(objectAt(objectAt(next, 'spec') ?? {}, 'template'), objectAt(objectAt(before, 'spec') ?? {}, 'template'));
    setTemplateGeneration(object, templateChanged ? previous + 1 : previous);
  }

  override applyDefaults(object: ApiObject): void {
    const spec = ensureObject(object, 'spec');
    if (spec === undefined) return;
    const strategy = ensureObject(spec, 'updateStrategy');
    if (strategy !== undefined) {
      setDefault(strategy, 'type', 'RollingUpdate');
      const rollingUpdate = strategy['type'] === 'RollingUpdate' ? ensureObject(strategy, 'rollingUpdate') : undefined;
      if (rollingUpdate !== undefined) {
        setDefault(rollingUpdate, 'maxUnavailable', 1);
        setDefault(rollingUpdate, 'maxSurge', 0);
      }
    }
    setDefault(spec, 'revisionHistoryLimit', 10);
    applyTemplateDefaults(spec);
  }

  protected override check(root: ObjectReader, old: ApiObject | undefined): void {
    const spec = root.struct('spec');
    const { problems } = spec;
    const selector = workloadSelector(spec, { required: false, emptyMessage: 'empty selector is invalid for daemonset', invalidMessage: false });
    if (selector !== undefined) checkSelectorMatchesTemplate(spec, selector, true);
    const template = spec.struct('template');
    checkPodTemplate(template);
    checkRestartAlways(template, 'DaemonSet');
    checkNonnegative(problems, spec.at('minReadySeconds'), spec.int('minReadySeconds'));
    checkUpdateStrategy(spec);
    checkNonnegative(problems, spec.at('revisionHistoryLimit'), spec.int('revisionHistoryLimit'));
    if (old !== undefined) checkSelectorUnchanged(spec, objectAt(old, 'spec'));
  }
}
