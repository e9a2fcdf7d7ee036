import type { ControllerRevision, StatefulSet } from '../../api/kinds.js';
import { ControllerRevisions } from '../history/controller-revisions.js';
import type { RevisionWriter } from '../history/revision-writer.js';

export interface ResolvedRevisions {
  /** The revision the set's pods were at before the current rollout. */
  readonly current: ControllerRevision;
  /** The revision of the set's template now. */
  readonly update: ControllerRevision;
  readonly collisionCount: number;
  /** Every revision the set owns, including a newly created update revision. */
  readonly all: readonly ControllerRevision[];
}

/**
 * Finds or records the revision of the set's current template, as upstream: the
 * newest revision when the template did not change, an older equal revision moved
 * to the front on rollback, else a new one. The current revision is the one named
 * in status, or the update revision when the history starts.
 */
export async function resolveStatefulSetRevisions(set: StatefulSet, owned: readonly ControllerRevision[], writer: RevisionWriter): Promise<ResolvedRevisions> {
  const revisions = ControllerRevisions.sorted(owned);
  let collisionCount = set.status?.collisionCount ?? 0;
  const proposed = ControllerRevisions.create({
    owner: set,
    templateLabels: set.spec?.template.metadata?.labels,
    data: ControllerRevisions.templatePatch(set.spec?.template),
    revision: ControllerRevisions.nextNumber(revisions),
    collisionCount,
  });
  const equal = revisions.filter((revision) => ControllerRevisions.sameData(revision, proposed));
  const newestEqual = equal.at(-1);
  let update: ControllerRevision;
  const all = [...revisions];
  if (newestEqual !== undefined && newestEqual === revisions.at(-1)) {
    update = newestEqual;
  } else if (newestEqual !== undefined) {
    update = await writer.renumber(newestEqual, proposed.revision);
    all.splice(all.indexOf(newestEqual), 1, update);
  } else {
    const created = await writer.create({
      owner: set,
      templateLabels: set.spec?.template.metadata?.labels,
      data: ControllerRevisions.templatePatch(set.spec?.template),
      revision: proposed.revision,
      collisionCount,
    });
    update = created.revision;
    collisionCount = created.collisionCount;
    all.push(update);
  }
  const current = all.find((revision) => revision.metadata.name === set.status?.currentRevision) ?? update;
  return { current, update, collisionCount, all };
}
