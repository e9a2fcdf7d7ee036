import { compareValues } from './compare-values.js';
import type { FieldSet } from './field-set.js';
import { goJson, isMap } from './json-value.js';
import type { Atom } from './schema-walker.js';
import { toFieldSet } from './to-field-set.js';
import { typeErrors } from './typed-value.js';

/** The annotation `kubectl apply` (client-side) keeps its last configuration in. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** The kubectl manager name whose applies upgrade from, and keep in sync with, client-side apply. */
export const KUBECTL_MANAGER = 'kubectl';

function annotationsOf(object: unknown): Readonly<Record<string, unknown>> | undefined {
  const metadata = isMap(object) ? object.metadata : undefined;
  const annotations = isMap(metadata) ? metadata.annotations : undefined;
  return isMap(annotations) ? annotations : undefined;
}

function lastAppliedOf(object: unknown): string | undefined {
  const value = annotationsOf(object)?.[LAST_APPLIED_ANNOTATION];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The fields the client-side-apply annotation of `live` still describes truthfully
 * (upstream lastAppliedManager.allowedConflictsFromLastApplied): kubectl's first
 * server-side apply may take those over without a conflict. Undefined when there is
 * no usable annotation.
 */
export function allowedConflictsFromLastApplied(live: unknown, root: Atom, apiVersion: string): FieldSet | undefined {
  const text = lastAppliedOf(live);
  if (text === undefined) return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isMap(lastApplied) || lastApplied.apiVersion !== apiVersion) return undefined;
  if (typeErrors(lastApplied, root, false).length > 0 || typeErrors(live, root, true).length > 0) return undefined;
  const comparison = compareValues(lastApplied, live, root);
  return toFieldSet(lastApplied, root).difference(comparison.modified).difference(comparison.added).difference(comparison.removed);
}

/**
 * `object` with its client-side-apply annotation replaced by `applied` when it has
 * one (upstream lastAppliedUpdater, for the `kubectl` manager only), encoded as
 * kubectl encodes it: Go JSON with sorted keys and a trailing newline.
 */
export function syncLastApplied(object: Record<string, unknown>, applied: Readonly<Record<string, unknown>>): Record<string, unknown> {
  if (lastAppliedOf(object) === undefined) return object;
  const appliedMetadata = isMap(applied.metadata) ? applied.metadata : {};
  const { [LAST_APPLIED_ANNOTATION]: _dropped, ...appliedAnnotations } = annotationsOf(applied) ?? {};
  const { annotations: _annotations, ...restMetadata } = appliedMetadata;
  const recorded = {
    ...applied,
    metadata: Object.keys(appliedAnnotations).length > 0 ? { ...restMetadata, annotations: appliedAnnotations } : restMetadata,
  };
  const metadata = isMap(object.metadata) ? object.metadata : {};
  return {
    ...object,
    metadata: { ...metadata, annotations: { ...annotationsOf(object), [LAST_APPLIED_ANNOTATION]: `${goJson(recorded)}\n` } },
  };
}
