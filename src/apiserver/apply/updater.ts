import type { Comparison } from './compare-values.js';
import { compareValues, excludeFields } from './compare-values.js';
import { FieldSet } from './field-set.js';
import { jsonEqual } from './json-value.js';
import type { VersionedSet } from './managed-fields.js';
import { mergeValues } from './merge-values.js';
import type { FieldPath } from './path-element.js';
import { removeItems } from './remove-items.js';
import type { Atom } from './schema-walker.js';
import { ensureNamedFieldsAreMembers, toFieldSet } from './to-field-set.js';

/** Sets by manager identifier (upstream fieldpath.ManagedFields). */
export type ManagerSets = ReadonlyMap<string, VersionedSet>;

/** The schema of the object and the fields its strategy resets (never owned, never conflicting). */
export interface UpdaterContext {
  readonly root: Atom;
  readonly ignored: FieldSet;
}

export interface Conflict {
  readonly manager: string;
  readonly path: FieldPath;
}

/** An apply that would change fields other managers own (upstream merge.Conflicts). */
export class ApplyConflicts extends Error {
  constructor(readonly conflicts: readonly Conflict[]) {
    super(`${conflicts.length} apply conflicts`);
    this.name = 'ApplyConflicts';
  }
}

/** One write as the updater sees it: the object before and after, and who writes at which version. */
export interface UpdaterWrite {
  readonly before: unknown;
  readonly after: unknown;
  readonly managers: ManagerSets;
  /** The writer's manager identifier. */
  readonly manager: string;
  readonly version: string;
}

/**
 * Upstream Updater.update: what changed from `before` to `after` is taken away from
 * every other manager (modified and added fields only with `force`, else they are
 * conflicts); managers left with nothing are dropped.
 */
function update(ctx: UpdaterContext, write: UpdaterWrite, force: boolean): { managers: Map<string, VersionedSet>; comparison: Comparison } {
  const { before, after, managers, manager: workflow } = write;
  const comparison = excludeFields(compareValues(before, after, ctx.root), ctx.ignored);
  const changed = comparison.modified.union(comparison.added);
  const conflicts = new Map<string, FieldSet>();
  for (const [manager, versioned] of managers) {
    if (manager === workflow) continue;
    const conflict = versioned.set.intersection(changed);
    if (!conflict.isEmpty()) conflicts.set(manager, conflict);
  }
  if (!force && conflicts.size > 0) {
    const sorted = [...conflicts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    throw new ApplyConflicts(sorted.flatMap(([manager, set]) => set.paths().map((path) => ({ manager, path }))));
  }
  const out = new Map<string, VersionedSet>();
  for (const [manager, versioned] of managers) {
    let set = versioned.set;
    const conflict = conflicts.get(manager);
    if (conflict !== undefined) set = set.difference(conflict);
    if (manager !== workflow && !comparison.removed.isEmpty()) set = set.difference(comparison.removed);
    if (!set.isEmpty()) out.set(manager, { ...versioned, set });
  }
  return { managers: out, comparison };
}

/**
 * Upstream Updater.Update, for writes that are not applies: `manager` comes to own
 * whatever the write added or changed, other managers lose it, and everyone loses
 * what it removed.
 */
export function updateManagers(ctx: UpdaterContext, write: UpdaterWrite): Map<string, VersionedSet> {
  const { manager, version } = write;
  const result = update(ctx, write, true);
  const previous = result.managers.get(manager)?.set ?? new FieldSet();
  const { added, modified, removed } = result.comparison;
  const set = previous.difference(removed).union(modified).union(added).recursiveDifference(ctx.ignored);
  if (set.isEmpty()) result.managers.delete(manager);
  else result.managers.set(manager, { set, apiVersion: version, applied: false });
  return result.managers;
}

/**
 * Upstream Updater.Apply: merges `config` into `live`, makes `manager` own exactly
 * the fields `config` sets, prunes what it applied before and dropped now (unless
 * someone else owns it), and takes the changed fields from other managers, or throws
 * ApplyConflicts without `force`. `object` is undefined when nothing changed.
 */
export function applyManagers(
  ctx: UpdaterContext,
  { live, config, managers, manager, version, force }: { live: unknown; config: unknown; managers: ManagerSets; manager: string; version: string; force: boolean },
): { object: unknown; managers: Map<string, VersionedSet> } {
  const merged = mergeValues(live, config, ctx.root);
  const lastSet = managers.get(manager)?.set;
  const set = toFieldSet(config, ctx.root).recursiveDifference(ctx.ignored);
  const withApplier = new Map(managers);
  withApplier.set(manager, { set, apiVersion: version, applied: true });
  const pruned = prune(ctx, merged, withApplier, lastSet);
  const result = update(ctx, { before: live, after: pruned, managers: withApplier, manager, version }, force);
  return { object: jsonEqual(live, pruned) ? undefined : pruned, managers: result.managers };
}

/**
 * Upstream Updater.prune: removes what `lastSet` owned unless someone (the applier's
 * new configuration included) owns it now; never removes what the applier did not own.
 */
function prune(ctx: UpdaterContext, merged: unknown, managers: ManagerSets, lastSet: FieldSet | undefined): unknown {
  if (lastSet === undefined || lastSet.isEmpty()) return merged;
  const { root } = ctx;
  const named = (set: FieldSet): FieldSet => ensureNamedFieldsAreMembers(set, root);
  const setOf = (value: unknown): FieldSet => named(toFieldSet(value, root));
  const last = named(lastSet);
  let pruned = removeItems(merged, last, root);
  let managed = new FieldSet();
  for (const { set } of managers.values()) managed = managed.union(set);
  const mergedSet = setOf(merged);
  pruned = removeItems(merged, mergedSet.difference(setOf(pruned).union(named(managed))), root);
  return removeItems(merged, mergedSet.difference(setOf(pruned)).intersection(last), root);
}
