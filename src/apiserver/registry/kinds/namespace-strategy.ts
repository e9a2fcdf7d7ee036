import type { ApiObject } from '../../../api/object.js';
import { isPlainObject } from '../../../api/object.js';
import { validateQualifiedName } from '../../../api/names.js';
import { ensureObject, objectAt } from './json.js';
import { KindStrategy } from './kind-strategy.js';
import type { ObjectReader } from './object-reader.js';

const KUBERNETES_FINALIZER = 'kubernetes';
const STANDARD_FINALIZERS = new Set([KUBERNETES_FINALIZER, 'orphan', 'foregroundDeletion']);

/**
 * Namespaces: the `kubernetes` finalizer on create, a phase that follows deletion, the
 * `kubernetes.io/metadata.name` label, and spec finalizers that only the finalize
 * subresource may change (as upstream).
 */
export class NamespaceStrategy extends KindStrategy {
  override prepareForCreate(object: ApiObject): void {
    super.prepareForCreate(object);
    const spec = ensureObject(object, 'spec');
    if (spec === undefined) return;
    const finalizers: unknown[] = Array.isArray(spec['finalizers']) ? spec['finalizers'] : [];
    if (!finalizers.includes(KUBERNETES_FINALIZER)) spec['finalizers'] = [...finalizers, KUBERNETES_FINALIZER];
  }

  override prepareForUpdate(object: ApiObject, old: ApiObject): void {
    super.prepareForUpdate(object, old);
    const finalizers = objectAt(old, 'spec')?.['finalizers'];
    const spec = ensureObject(object, 'spec');
    if (spec === undefined) return;
    if (finalizers === undefined) delete spec['finalizers'];
    else spec['finalizers'] = structuredClone(finalizers);
  }

  /** spec.finalizers hold a deleted namespace as metadata.finalizers hold any object. */
  ownFinalizers(object: ApiObject): readonly string[] {
    const finalizers = objectAt(object, 'spec')?.['finalizers'];
    return Array.isArray(finalizers) ? finalizers.filter((value): value is string => typeof value === 'string') : [];
  }

  override applyDefaults(object: ApiObject): void {
    const status = isPlainObject(object.status) ? object.status : {};
    status['phase'] = object.metadata.deletionTimestamp === undefined ? 'Active' : 'Terminating';
    object.status = status;
    object.metadata.labels = { ...object.metadata.labels, 'kubernetes.io/metadata.name': object.metadata.name ?? '' };
  }

  protected override check(root: ObjectReader): void {
    const spec = root.struct('spec');
    const path = spec.at('finalizers');
    for (const finalizer of spec.strings('finalizers')) {
      const messages = validateQualifiedName(finalizer);
      spec.problems.invalidEach(path, finalizer, messages);
      if (messages.length === 0 && !finalizer.includes('/') && !STANDARD_FINALIZERS.has(finalizer)) {
        spec.problems.invalid(path, finalizer, 'name is neither a standard finalizer name nor is it fully qualified');
      }
    }
  }
}

/** The `finalize` subresource: a PUT that changes spec.finalizers and nothing else. */
export class NamespaceFinalizeStrategy extends NamespaceStrategy {
  override prepareForUpdate(object: ApiObject, old: ApiObject): void {
    const finalizers = objectAt(object, 'spec')?.['finalizers'];
    super.prepareForUpdate(object, old);
    const spec = ensureObject(object, 'spec');
    if (spec === undefined) return;
    if (finalizers === undefined) delete spec['finalizers'];
    else spec['finalizers'] = finalizers;
  }
}
