import type { ApiObject } from '../../../api/object.js';
import { objectAt } from './json.js';
import { KindStrategy } from './kind-strategy.js';
import type { ObjectReader } from './object-reader.js';
import { canonicalizeQuantities, readQuantity } from './quantities.js';
import { checkQuotaResourceName, checkResourceQuantity } from './resource-names.js';

const SCOPES = ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'];
const SELECTOR_OPERATORS = ['DoesNotExist', 'Exists', 'In', 'NotIn'];
const OPPOSITES: Record<string, string> = { BestEffort: 'NotBestEffort', Terminating: 'NotTerminating' };

/** ResourceQuotas: canonical quantities and upstream's ValidateResourceQuotaSpec. */
export class ResourceQuotaStrategy extends KindStrategy {
  override applyDefaults(object: ApiObject): void {
    canonicalizeQuantities(objectAt(object, 'spec')?.['hard']);
  }

  protected override check(root: ObjectReader, _old: ApiObject | undefined): void {
    const spec = root.struct('spec');
    const { problems } = spec;
    for (const [name, value] of Object.entries(spec.object('hard')?.fields ?? {})) {
      const path = spec.at('hard').key(name);
      checkQuotaResourceName(problems, path, name);
      const quantity = readQuantity(problems, path, value);
      if (quantity !== undefined) checkResourceQuantity(problems, path, name, quantity);
    }
    const scopes = spec.strings('scopes');
    for (const scope of scopes) if (!SCOPES.includes(scope)) problems.invalid(spec.at('scopes'), scope, 'unsupported scope');
    for (const [scope, opposite] of Object.entries(OPPOSITES)) {
      if (scopes.includes(scope) && scopes.includes(opposite)) problems.invalid(spec.at('scopes'), scopes, 'conflicting scopes');
    }
    for (const expression of spec.object('scopeSelector')?.objects('matchExpressions') ?? []) {
      const scopeName = expression.string('scopeName');
      if (!SCOPES.includes(scopeName)) problems.invalid(expression.at('scopeName'), scopeName, 'unsupported scope');
      const operator = expression.string('operator');
      if (!SELECTOR_OPERATORS.includes(operator)) problems.invalid(expression.at('operator'), operator, 'not a valid selector operator');
    }
  }
}
