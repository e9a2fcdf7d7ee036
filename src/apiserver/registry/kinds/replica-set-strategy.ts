import type { ApiObject } from '../../../api/object.js';
import { ensureObject, objectAt, setDefault } from './json.js';
import { KindStrategy } from './kind-strategy.js';
import { checkNonnegative } from './numbers.js';
import type { ObjectReader } from './object-reader.js';
import { applyTemplateDefaults } from './pod-defaults.js';
import { checkReplicatedTemplate, checkSelectorUnchanged, workloadSelector } from './workload-validation.js';

/** ReplicaSets (apps/v1): upstream's defaults, ValidateReplicaSetSpec and an immutable selector. */
export class ReplicaSetStrategy extends KindStrategy {
  override applyDefaults(object: ApiObject): void {
    const spec = ensureObject(object, 'spec');
    if (spec === undefined) return;
    setDefault(spec, 'replicas', 1);
    applyTemplateDefaults(spec);
  }

  protected override check(root: ObjectReader, old: ApiObject | undefined): void {
    const spec = root.struct('spec');
    const { problems } = spec;
    checkNonnegative(problems, spec.at('replicas'), spec.int('replicas'));
    checkNonnegative(problems, spec.at('minReadySeconds'), spec.int('minReadySeconds'));
    // Upstream's message names deployments here too.
    const selector = workloadSelector(spec, { required: true, emptyMessage: 'empty selector is invalid for deployment' });
    if (selector !== undefined) checkReplicatedTemplate(spec, selector, 'ReplicaSet');
    if (old !== undefined) checkSelectorUnchanged(spec, objectAt(old, 'spec'));
  }
}
