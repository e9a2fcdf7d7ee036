import type { ControllerRevision } from '../../api/kinds.js';
import type { ApiObject } from '../../api/object.js';
import { revisionHash, stableJson } from './revision-hash.js';

/** The label naming the revision a pod (or revision) was made from. */
export const REVISION_HASH_LABEL = 'controller-revision-hash';

/** What a workload stores in its revisions: its pod template, replacing the whole template on rollback. */
export interface TemplatePatch {
  spec: { template: Record<string, unknown> };
}

export interface NewRevisionOptions {
  readonly owner: ApiObject;
  readonly templateLabels: Readonly<Record<string, string>> | undefined;
  readonly data: TemplatePatch;
  readonly revision: number;
  readonly collisionCount?: number | undefined;
}

/** Pure helpers over a workload's ControllerRevisions (its rollout history). */
export const ControllerRevisions = {
  /** The data `kubectl rollout undo` patches back onto the owner (strategic merge). */
  templatePatch(template: unknown): TemplatePatch {
    const copy = structuredClone((template ?? {}) as Record<string, unknown>);
    return { spec: { template: { ...copy, $patch: 'replace' } } };
  },

  /** The pod template a revision holds. */
  templateOf(revision: ControllerRevision): Record<string, unknown> {
    const data = revision.data as Partial<TemplatePatch> | undefined;
    const { $patch: _directive, ...template } = data?.spec?.template ?? {};
    return template;
  },

  /** `<owner>-<hash>`, the owner's name cut to leave room for the hash. */
  name(ownerName: string, hash: string): string {
    return `${ownerName.slice(0, 223)}-${hash}`;
  },

  create(options: NewRevisionOptions): ControllerRevision {
    const { owner, data, revision, collisionCount } = options;
    const hash = revisionHash(data, collisionCount);
    return {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name: ControllerRevisions.name(owner.metadata.name ?? '', hash),
        namespace: owner.metadata.namespace ?? 'default',
        labels: { ...options.templateLabels, [REVISION_HASH_LABEL]: hash },
        ownerReferences: [
          { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true },
        ],
      },
      data,
      revision,
    };
  },

  hashOf(revision: ControllerRevision): string {
    return revision.metadata.labels?.[REVISION_HASH_LABEL] ?? '';
  },

  sameData(a: ControllerRevision, b: ControllerRevision): boolean {
    return stableJson(a.data) === stableJson(b.data);
  },

  /** Oldest first: by revision number, then creation time, then name. */
  sorted(revisions: readonly ControllerRevision[]): ControllerRevision[] {
    return [...revisions].sort(
      (a, b) =>
        a.revision - b.revision ||
        (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
        (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
    );
  },

  nextNumber(revisions: readonly ControllerRevision[]): number {
    return revisions.reduce((highest, revision) => Math.max(highest, revision.revision), 0) + 1;
  },

  /** Revisions beyond `limit` that no live pod or status refers to, oldest first. */
  toPrune(revisions: readonly ControllerRevision[], live: ReadonlySet<string>, limit: number): ControllerRevision[] {
    const unused = ControllerRevisions.sorted(revisions).filter((revision) => !live.has(revision.metadata.name ?? ''));
    const excess = unused.length - Math.max(0, limit);
    return excess > 0 ? unused.slice(0, excess) : [];
  },
};
