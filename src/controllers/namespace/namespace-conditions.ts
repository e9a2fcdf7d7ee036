import type { Namespace } from '../../api/kinds.js';

/** What one pass of content deletion found in a terminating namespace. */
export interface ContentTotals {
  /** Objects left per `resource.group` (`pods.` for the core group). */
  readonly remainingByResource: ReadonlyMap<string, number>;
  /** Objects left per finalizer they carry. */
  readonly remainingByFinalizer: ReadonlyMap<string, number>;
  /** Why deleting some resource failed, one message per failure. */
  readonly deleteErrors: readonly string[];
}

type NamespaceCondition = NonNullable<NonNullable<Namespace['status']>['conditions']>[number];

interface ConditionOutcome {
  readonly type: string;
  readonly status: 'True' | 'False';
  readonly reason: string;
  readonly message: string;
}

/** The condition types the namespace controller maintains, each with its upstream "all well" reason and message. */
const SUCCESS: readonly ConditionOutcome[] = [
  { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  { type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'False', reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  { type: 'NamespaceDeletionContentFailure', status: 'False', reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  { type: 'NamespaceContentRemaining', status: 'False', reason: 'ContentRemoved', message: 'All content successfully removed' },
  { type: 'NamespaceFinalizersRemaining', status: 'False', reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
];

function listing(counts: ReadonlyMap<string, number>, format: (name: string, count: number) => string): string[] {
  return [...counts].filter(([, count]) => count > 0).map(([name, count]) => format(name, count)).sort();
}

function failures(totals: ContentTotals): ConditionOutcome[] {
  const outcomes: ConditionOutcome[] = [];
  if (totals.deleteErrors.length > 0) {
    const messages = [...totals.deleteErrors].sort();
    outcomes.push({
      type: 'NamespaceDeletionContentFailure',
      status: 'True',
      reason: 'ContentDeletionFailed',
      message: `Failed to delete all resource types, ${messages.length} remaining: ${messages.join(', ')}`,
    });
  }
  const resources = listing(totals.remainingByResource, (name, count) => `${name} has ${count} resource instances`);
  if (resources.length > 0) {
    outcomes.push({ type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${resources.join(', ')}` });
  }
  const finalizers = listing(totals.remainingByFinalizer, (name, count) => `${name} in ${count} resource instances`);
  if (finalizers.length > 0) {
    outcomes.push({
      type: 'NamespaceFinalizersRemaining',
      status: 'True',
      reason: 'SomeFinalizersRemain',
      message: `Some content in the namespace has finalizers remaining: ${finalizers.join(', ')}`,
    });
  }
  return outcomes;
}

/**
 * The namespace's conditions after a deletion pass, or undefined when they would not
 * change. A condition's lastTransitionTime moves only when its status flips.
 */
export function namespaceConditions(current: readonly NamespaceCondition[], totals: ContentTotals, now: string): NamespaceCondition[] | undefined {
  const failed = failures(totals);
  const next = current.map((condition) => ({ ...condition }));
  let changed = false;
  for (const success of SUCCESS) {
    const outcome = failed.find((candidate) => candidate.type === success.type) ?? success;
    const existing = next.find((condition) => condition.type === outcome.type);
    if (existing === undefined) {
      next.push({ ...outcome, lastTransitionTime: now });
      changed = true;
      continue;
    }
    if (existing.status === outcome.status && existing.reason === outcome.reason && existing.message === outcome.message) continue;
    if (existing.status !== outcome.status) existing.lastTransitionTime = now;
    existing.status = outcome.status;
    existing.reason = outcome.reason;
    existing.message = outcome.message;
    changed = true;
  }
  return changed ? next : undefined;
}
