import type { ApiObject } from '../../../api/object.js';
import { validateLabelSelector } from '../../../api/label-selector.js';
import { checkNotMoreThan100Percent, checkPositiveIntOrPercent } from './int-or-string.js';
import { KindStrategy } from './kind-strategy.js';
import type { ObjectReader } from './object-reader.js';

const EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

/** PodDisruptionBudgets (policy/v1): upstream's ValidatePodDisruptionBudgetSpec. */
export class PodDisruptionBudgetStrategy extends KindStrategy {
  protected override check(root: ObjectReader, _old: ApiObject | undefined): void {
    const spec = root.struct('spec');
    const { problems } = spec;
    if (spec.has('minAvailable') && spec.has('maxUnavailable')) problems.invalid(spec.path, spec.fields, 'minAvailable and maxUnavailable cannot be both set');
    for (const field of ['minAvailable', 'maxUnavailable']) {
      if (!spec.has(field)) continue;
      checkPositiveIntOrPercent(problems, spec.at(field), spec.raw(field));
      checkNotMoreThan100Percent(problems, spec.at(field), spec.raw(field));
    }
    problems.add(...validateLabelSelector(spec.raw('selector'), spec.at('selector')));
    const policy = spec.optionalString('unhealthyPodEvictionPolicy');
    if (policy !== undefined && !EVICTION_POLICIES.includes(policy)) problems.notSupported(spec.at('unhealthyPodEvictionPolicy'), policy, EVICTION_POLICIES);
  }
}
