import type { ApiObject } from '../../../api/object.js';
import { validateLabelName } from '../../../api/labels-validation.js';
import { validateLabelValue } from '../../../api/names.js';
import { deepEqual, ensureObject, isUnset, objectAt, setDefault } from './json.js';
import { KindStrategy } from './kind-strategy.js';
import { validateCidr } from './network-addresses.js';
import type { ObjectReader } from './object-reader.js';
import { canonicalizeQuantities } from './quantities.js';
import { checkTaintEffect } from './taints.js';

const CIDR_CHANGE = 'node updates may not change podCIDR except from "" to valid';

/** Nodes: status kept on create (agents register with it), pod CIDR and taint rules as upstream. */
export class NodeStrategy extends KindStrategy {
  override prepareForCreate(_object: ApiObject): void {
    // Unlike most kinds, a Node is created with its status.
  }

  override applyDefaults(object: ApiObject): void {
    const spec = ensureObject(object, 'spec');
    if (spec !== undefined) {
      const cidr = spec['podCIDR'];
      if (typeof cidr === 'string' && cidr !== '' && isUnset(spec['podCIDRs'])) spec['podCIDRs'] = [cidr];
      const cidrs = spec['podCIDRs'];
      if (Array.isArray(cidrs) && typeof cidrs[0] === 'string') spec['podCIDR'] = cidrs[0];
    }
    const status = objectAt(object, 'status');
    if (status === undefined) return;
    canonicalizeQuantities(status['capacity']);
    canonicalizeQuantities(status['allocatable']);
    if (!isUnset(status['capacity'])) setDefault(status, 'allocatable', structuredClone(status['capacity']));
  }

  protected override check(root: ObjectReader, old: ApiObject | undefined): void {
    const spec = root.struct('spec');
    const { problems } = spec;
    const cidrs = spec.strings('podCIDRs');
    cidrs.forEach((cidr, index) => { problems.invalidEach(spec.at('podCIDRs').index(index), cidr, validateCidr(cidr)); });
    if (cidrs.length > 2) problems.invalid(spec.at('podCIDRs'), cidrs, 'may specify no more than one CIDR for each IP family');
    const seen = new Set<string>();
    for (const taint of spec.objects('taints')) {
      const key = taint.string('key');
      const effect = taint.string('effect');
      const value = taint.string('value');
      problems.add(...validateLabelName(key, taint.at('key')));
      const messages = validateLabelValue(value);
      if (messages.length > 0) problems.invalid(taint.at('value'), value, messages.join(';'));
      checkTaintEffect(problems, taint.at('effect'), effect, false);
      if (seen.has(`${effect}\u0000${key}`)) problems.add({ type: 'FieldValueDuplicate', field: taint.path.toString(), badValue: taint.fields, detail: 'taints must be unique by key and effect pair' });
      seen.add(`${effect}\u0000${key}`);
    }
    if (old === undefined) return;
    const oldSpec = objectAt(old, 'spec') ?? {};
    const oldCidrs = oldSpec['podCIDRs'];
    if (Array.isArray(oldCidrs) && oldCidrs.length > 0 && !deepEqual(oldCidrs, cidrs)) problems.forbidden(spec.at('podCIDRs'), CIDR_CHANGE);
    const providerId = oldSpec['providerID'];
    if (typeof providerId === 'string' && providerId !== '' && providerId !== spec.string('providerID')) {
      problems.forbidden(spec.at('providerID'), 'node updates may not change providerID except from "" to valid');
    }
  }
}
