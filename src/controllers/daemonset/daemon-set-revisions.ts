import type { ControllerRevision, DaemonSet } from '../../api/kinds.js';
import { ControllerRevisions } from '../history/controller-revisions.js';
import type { RevisionWriter } from '../history/revision-writer.js';

export interface DaemonSetHistory {
  readonly current: ControllerRevision;
  /** The hash of the current revision, which labels up-to-date pods. */
  readonly hash: string;
  readonly old: readonly ControllerRevision[];
  readonly collisionCount: number;
}

/**
 * Upstream's constructHistory: the revision holding the set's template is the
 * current one (renumbered to be the newest, duplicates removed); without one, a
 * new revision is recorded.
 */
export async function constructDaemonSetHistory(set: DaemonSet, owned: readonly ControllerRevision[], writer: RevisionWriter): Promise<DaemonSetHistory> {
  const data = ControllerRevisions.templatePatch(set.spec?.template);
  const templateLabels = set.spec?.template.metadata?.labels;
  let collisionCount = set.status?.collisionCount ?? 0;
  const probe = ControllerRevisions.create({ owner: set, templateLabels, data, revision: 0, collisionCount });
  const sorted = ControllerRevisions.sorted(owned);
  const matching = sorted.filter((revision) => ControllerRevisions.sameData(revision, probe));
  const old = sorted.filter((revision) => !matching.includes(revision));
  const next = ControllerRevisions.nextNumber(old);
  let current = matching.at(-1);
  if (current === undefined) {
    const created = await writer.create({ owner: set, templateLabels, data, revision: next, collisionCount });
    current = created.revision;
    collisionCount = created.collisionCount;
  } else {
    for (const duplicate of matching.slice(0, -1)) await writer.delete(duplicate);
    if (current.revision < next) current = await writer.renumber(current, next);
  }
  return { current, hash: ControllerRevisions.hashOf(current), old, collisionCount };
}
