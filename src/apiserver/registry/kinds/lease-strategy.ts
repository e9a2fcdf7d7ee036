import type { ApiObject } from '../../../api/object.js';
import { KindStrategy } from './kind-strategy.js';
import type { ObjectReader } from './object-reader.js';

/** Leases (coordination.k8s.io/v1): upstream's ValidateLeaseSpec. */
export class LeaseStrategy extends KindStrategy {
  protected override check(root: ObjectReader, _old: ApiObject | undefined): void {
    const spec = root.struct('spec');
    const duration = spec.int('leaseDurationSeconds');
    if (duration !== undefined && duration <= 0) spec.problems.invalid(spec.at('leaseDurationSeconds'), duration, 'must be greater than 0');
    const transitions = spec.int('leaseTransitions');
    if (transitions !== undefined && transitions < 0) spec.problems.invalid(spec.at('leaseTransitions'), transitions, 'must be greater than or equal to 0');
  }
}
