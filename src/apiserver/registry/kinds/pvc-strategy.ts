import type { ApiObject } from '../../../api/object.js';
import { deepEqual, ensureObject, objectAt, setDefault } from './json.js';
import { KindStrategy } from './kind-strategy.js';
import type { ObjectReader } from './object-reader.js';
import { applyClaimSpecDefaults } from './pod-defaults.js';
import { checkClaimSpec } from './pvc-spec-validation.js';
import { quantityOf } from './quantities.js';
import { specDiff } from './spec-diff.js';

function requestedStorage(spec: Record<string, unknown> | undefined): unknown {
  return objectAt(objectAt(spec ?? {}, 'resources') ?? {}, 'requests')?.['storage'];
}

/** PersistentVolumeClaims: upstream's defaults, claim spec rules and the spec's immutability. */
export class PersistentVolumeClaimStrategy extends KindStrategy {
  override applyDefaults(object: ApiObject): void {
    const spec = ensureObject(object, 'spec');
    if (spec !== undefined) applyClaimSpecDefaults(spec);
    const status = ensureObject(object, 'status');
    if (status !== undefined) setDefault(status, 'phase', 'Pending');
  }

  protected override check(root: ObjectReader, old: ApiObject | undefined): void {
    const spec = root.struct('spec');
    checkClaimSpec(spec);
    if (old === undefined) return;
    const oldSpec = objectAt(old, 'spec') ?? {};
    const bound = objectAt(old, 'status')?.['phase'] === 'Bound';
    const next = structuredClone(spec.fields);
    const previous = structuredClone(oldSpec);
    delete next['volumeAttributesClassName'];
    delete previous['volumeAttributesClassName'];
    if (bound) {
      const requests = objectAt(objectAt(next, 'resources') ?? {}, 'requests');
      if (requests !== undefined) requests['storage'] = requestedStorage(oldSpec);
    }
    if (!deepEqual(next, previous)) {
      const diff = specDiff(previous, next, 'spec');
      spec.problems.forbidden(spec.path, `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${diff}`);
      return;
    }
    const before = quantityOf(requestedStorage(oldSpec));
    const after = quantityOf(requestedStorage(spec.fields));
    if (bound && before !== undefined && after !== undefined && after.cmp(before) < 0) {
      spec.problems.forbidden(spec.at('resources', 'requests', 'storage'), 'field can not be less than status.capacity');
    }
  }
}
