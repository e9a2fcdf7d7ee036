import { capUpdateManagers } from './cap-managers.js';
import { FieldSet } from './field-set.js';
import { fillAbsent, isMap } from './json-value.js';
import { KUBECTL_MANAGER, allowedConflictsFromLastApplied } from './last-applied.js';
import type { Managed } from './managed-fields.js';
import { copyManaged, managerIdentifier } from './managed-fields.js';
import { pathOf } from './path-element.js';
import type { UpdaterContext } from './updater.js';
import { ApplyConflicts, applyManagers, updateManagers } from './updater.js';

/** Never owned by anyone (upstream stripMetaManager; a plain difference, so only these exact members). */
const STRIPPED = FieldSet.of(
  pathOf('apiVersion'),
  pathOf('kind'),
  pathOf('metadata'),
  pathOf('metadata', 'name'),
  pathOf('metadata', 'namespace'),
  pathOf('metadata', 'creationTimestamp'),
  pathOf('metadata', 'selfLink'),
  pathOf('metadata', 'uid'),
  pathOf('metadata', 'clusterName'),
  pathOf('metadata', 'generation'),
  pathOf('metadata', 'managedFields'),
  pathOf('metadata', 'resourceVersion'),
);

/** The manager key upstream diffs an update under before folding it into the real manager's entry. */
const CURRENT_OPERATION = 'current-operation';

/** The manager that owns what an object had before its first apply (upstream skipNonAppliedManager). */
export const BEFORE_FIRST_APPLY = 'before-first-apply';

/** Who writes, at which version, through which subresource, and when. */
export interface Writer {
  readonly manager: string;
  readonly apiVersion: string;
  readonly subresource: string | undefined;
  readonly now: string;
}

function strip(managed: Managed, identifier: string): void {
  const versioned = managed.sets.get(identifier);
  if (versioned === undefined) return;
  const set = versioned.set.difference(STRIPPED);
  if (set.isEmpty()) managed.sets.delete(identifier);
  else managed.sets.set(identifier, { ...versioned, set });
}

/**
 * Records a non-apply write from `before` to `after` (upstream's Update chain:
 * managedFieldsUpdater, stripMeta, structured merge, capManagers). The writer's
 * Update entry gains what changed and is stamped `now`; a write that changed nothing
 * leaves every entry as it was.
 */
export function recordUpdate(ctx: UpdaterContext, { before, after, base, writer }: { before: unknown; after: unknown; base: Managed; writer: Writer }): Managed {
  const sets = updateManagers(ctx, { before, after, managers: base.sets, manager: CURRENT_OPERATION, version: writer.apiVersion });
  const managed: Managed = { sets, times: new Map(base.times) };
  strip(managed, CURRENT_OPERATION);
  const current = managed.sets.get(CURRENT_OPERATION);
  if (current !== undefined) {
    managed.sets.delete(CURRENT_OPERATION);
    const identifier = managerIdentifier({ manager: writer.manager, operation: 'Update', apiVersion: writer.apiVersion, subresource: writer.subresource });
    const previous = managed.sets.get(identifier);
    managed.sets.set(identifier, { ...current, set: previous === undefined ? current.set : current.set.union(previous.set) });
    managed.times.set(identifier, writer.now);
  }
  return capUpdateManagers(managed);
}

export interface ApplyOutcome {
  /** The new object, or undefined when the apply changed nothing. */
  readonly object: unknown;
  readonly managed: Managed;
}

/** An apply as the field manager sees it. */
export interface ApplyInput {
  readonly live: unknown;
  readonly config: unknown;
  /** The kind's zero value: what an object nobody managed yet is compared against. */
  readonly zero: unknown;
  readonly base: Managed;
  readonly writer: Writer;
  readonly force: boolean;
}

function applyOnce(ctx: UpdaterContext, { live, config, base, writer, force }: ApplyInput): ApplyOutcome {
  const identifier = managerIdentifier({ manager: writer.manager, operation: 'Apply', apiVersion: writer.apiVersion, subresource: writer.subresource });
  const result = applyManagers(ctx, { live, config, managers: base.sets, manager: identifier, version: writer.apiVersion, force });
  const managed: Managed = { sets: result.managers, times: new Map(base.times) };
  strip(managed, identifier);
  if (result.object !== undefined) managed.times.set(identifier, writer.now);
  return { object: result.object, managed };
}

/**
 * Applies `config` (upstream's Apply chain): an object nobody manages yet first has
 * its fields given to `before-first-apply`; conflicts throw ApplyConflicts, except
 * that kubectl's first server-side apply may take over what its client-side-apply
 * annotation still describes (upstream lastAppliedManager).
 */
export function applyConfig(ctx: UpdaterContext, input: ApplyInput): ApplyOutcome {
  const { live, zero, writer } = input;
  let base = copyManaged(input.base);
  if (base.sets.size === 0) {
    base = recordUpdate(ctx, { before: zero, after: fillAbsent(live, zero), base, writer: { ...writer, manager: BEFORE_FIRST_APPLY } });
  }
  try {
    return applyOnce(ctx, { ...input, base });
  } catch (error) {
    if (!(error instanceof ApplyConflicts) || writer.manager !== KUBECTL_MANAGER) throw error;
    const allowed = allowedConflictsFromLastApplied(isMap(live) ? live : {}, ctx.root, writer.apiVersion);
    if (allowed === undefined) throw error;
    const remaining = error.conflicts.filter(({ path }) => !allowed.has(path));
    if (remaining.length > 0) throw new ApplyConflicts(remaining);
    return applyOnce(ctx, { ...input, base, force: true });
  }
}
