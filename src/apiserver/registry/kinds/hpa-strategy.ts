import type { ApiObject } from '../../../api/object.js';
import { validatePathSegmentName } from '../../../api/names.js';
import { type Json, ensureObject, isUnset, objectAt, setDefault } from './json.js';
import { KindStrategy } from './kind-strategy.js';
import type { ObjectReader } from './object-reader.js';
import { readQuantity } from './quantities.js';
import { checkContainerResourceName } from './resource-names.js';

const METRIC_TYPES = ['Object', 'Pods', 'Resource', 'External', 'ContainerResource'];
const METRIC_FIELDS: Record<string, string> = { Object: 'object', Pods: 'pods', Resource: 'resource', External: 'external', ContainerResource: 'containerResource' };
const SELECT_POLICIES = ['Disabled', 'Max', 'Min'];
const SCALE_UP: Json = { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] };
const SCALE_DOWN: Json = { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };

function checkTarget(target: ObjectReader, requireAverage: boolean): void {
  const { problems } = target;
  const type = target.string('type');
  if (type === '') problems.required(target.at('type'), 'must specify a metric target type');
  if (type !== 'Utilization' && type !== 'Value' && type !== 'AverageValue') problems.invalid(target.at('type'), type, 'must be either Utilization, Value, or AverageValue');
  for (const field of ['value', 'averageValue']) {
    if (!target.has(field)) continue;
    const quantity = readQuantity(problems, target.at(field), target.raw(field));
    if (quantity !== undefined && quantity.sign() !== 1) problems.invalid(target.at(field), quantity.toString(), 'must be positive');
  }
  const utilization = target.int('averageUtilization');
  if (utilization !== undefined && utilization < 1) problems.invalid(target.at('averageUtilization'), utilization, 'must be greater than 0');
  if (!requireAverage) return;
  if (utilization === undefined && !target.has('averageValue')) problems.required(target.at('averageUtilization'), 'must set either a target raw value or a target utilization');
  if (utilization !== undefined && target.has('averageValue')) problems.forbidden(target.at('averageValue'), 'may not set both a target raw value and a target utilization');
}

function checkMetric(metric: ObjectReader): void {
  const { problems } = metric;
  const type = metric.string('type');
  if (type === '') problems.required(metric.at('type'), 'must specify a metric source type');
  const expected = METRIC_FIELDS[type];
  if (expected === undefined) problems.notSupported(metric.at('type'), type, METRIC_TYPES);
  else if (!metric.has(expected)) problems.required(metric.at(expected), 'must populate information for the given metric source');
  for (const field of Object.values(METRIC_FIELDS)) {
    const source = metric.object(field);
    if (source === undefined) continue;
    if (field !== expected) {
      problems.forbidden(source.path, 'must populate the given metric source only');
      continue;
    }
    if (field === 'resource' || field === 'containerResource') {
      const name = source.string('name');
      if (name === '') problems.required(source.at('name'), 'must specify a resource name');
      else checkContainerResourceName(problems, source.at('name'), name);
      if (field === 'containerResource' && source.string('container') === '') problems.required(source.at('container'), 'must specify a container');
    } else if (source.struct('metric').string('name') === '') {
      problems.required(source.at('metric', 'name'), 'must specify a metric name');
    }
    checkTarget(source.struct('target'), field === 'resource' || field === 'containerResource');
  }
}

function checkScalingRules(rules: ObjectReader | undefined): void {
  if (rules === undefined) return;
  const { problems } = rules;
  const window = rules.int('stabilizationWindowSeconds');
  if (window !== undefined && (window < 0 || window > 3600)) problems.invalid(rules.at('stabilizationWindowSeconds'), window, 'must be less than or equal to 3600');
  const policy = rules.optionalString('selectPolicy');
  if (policy !== undefined && !SELECT_POLICIES.includes(policy)) problems.notSupported(rules.at('selectPolicy'), policy, SELECT_POLICIES);
  const policies = rules.objects('policies');
  if (policies.length === 0 && policy !== 'Disabled') problems.required(rules.at('policies'), 'must specify at least one Policy');
  for (const item of policies) {
    const type = item.string('type');
    if (type !== 'Pods' && type !== 'Percent') problems.notSupported(item.at('type'), type, ['Percent', 'Pods']);
    const value = item.int('value') ?? 0;
    if (value <= 0) problems.invalid(item.at('value'), value, 'must be greater than zero');
    const period = item.int('periodSeconds') ?? 0;
    if (period <= 0) problems.invalid(item.at('periodSeconds'), period, 'must be greater than zero');
    else if (period > 1800) problems.invalid(item.at('periodSeconds'), period, 'must be less than or equal to 1800');
  }
}

/** HorizontalPodAutoscalers (autoscaling/v2 and v1): upstream's defaults and ValidateHorizontalPodAutoscalerSpec. */
export class HorizontalPodAutoscalerStrategy extends KindStrategy {
  override applyDefaults(object: ApiObject): void {
    const spec = ensureObject(object, 'spec');
    if (spec === undefined) return;
    setDefault(spec, 'minReplicas', 1);
    if (this.info.version !== 'v2') return;
    if (!Array.isArray(spec['metrics']) || spec['metrics'].length === 0) {
      spec['metrics'] = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
    }
    const behavior = objectAt(spec, 'behavior');
    if (behavior === undefined) return;
    for (const [field, defaults] of [['scaleUp', SCALE_UP], ['scaleDown', SCALE_DOWN]] as const) {
      const rules = objectAt(behavior, field) ?? {};
      const merged = structuredClone(defaults);
      for (const key of ['selectPolicy', 'stabilizationWindowSeconds', 'policies']) if (!isUnset(rules[key])) merged[key] = rules[key];
      behavior[field] = merged;
    }
  }

  protected override check(root: ObjectReader, _old: ApiObject | undefined): void {
    const spec = root.struct('spec');
    const { problems } = spec;
    const minReplicas = spec.int('minReplicas');
    const maxReplicas = spec.int('maxReplicas') ?? 0;
    if (minReplicas !== undefined && minReplicas < 1) problems.invalid(spec.at('minReplicas'), minReplicas, 'must be greater than or equal to 1');
    if (maxReplicas < 1) problems.invalid(spec.at('maxReplicas'), maxReplicas, 'must be greater than 0');
    if (minReplicas !== undefined && maxReplicas < minReplicas) problems.invalid(spec.at('maxReplicas'), maxReplicas, 'must be greater than or equal to `minReplicas`');
    const target = spec.struct('scaleTargetRef');
    for (const field of ['kind', 'name']) {
      const value = target.string(field);
      if (value === '') problems.required(target.at(field));
      else problems.invalidEach(target.at(field), value, validatePathSegmentName(value));
    }
    if (this.info.version === 'v1') {
      const percentage = spec.int('targetCPUUtilizationPercentage');
      if (percentage !== undefined && percentage < 1) problems.invalid(spec.at('targetCPUUtilizationPercentage'), percentage, 'must be greater than 0');
      return;
    }
    spec.objects('metrics').forEach(checkMetric);
    const behavior = spec.object('behavior');
    checkScalingRules(behavior?.object('scaleUp'));
    checkScalingRules(behavior?.object('scaleDown'));
  }
}
