import type { ControllerRevision } from '../../api/kinds.js';
import { resourceOf, type ApiClient } from '../../client/api-client.js';
import { isAlreadyExists, isNotFound } from '../../client/api-status-error.js';
import { ControllerRevisions, type NewRevisionOptions } from './controller-revisions.js';

const REVISIONS = resourceOf('apps/v1', 'ControllerRevision');

export interface CreatedRevision {
  readonly revision: ControllerRevision;
  /** The collision count to store in the owner's status (bumped when a name was taken by other data). */
  readonly collisionCount: number;
}

/** Writes ControllerRevisions: creation with hash-collision handling, renumbering, pruning. */
export class RevisionWriter {
  readonly #client: ApiClient;

  constructor(client: ApiClient) {
    this.#client = client;
  }

  /**
   * Creates the revision; when its name exists with the same data, that one is it;
   * with other data (a hash collision), the collision count goes up and the name changes.
   */
  async create(options: NewRevisionOptions): Promise<CreatedRevision> {
    let collisionCount = options.collisionCount ?? 0;
    for (;;) {
      const revision = ControllerRevisions.create({ ...options, collisionCount });
      try {
        return { revision: await this.#client.create(REVISIONS, revision), collisionCount };
      } catch (error) {
        if (!isAlreadyExists(error)) throw error;
        const existing = await this.#client.get<ControllerRevision>(REVISIONS, revision.metadata.namespace, revision.metadata.name ?? '');
        if (ControllerRevisions.sameData(existing, revision)) return { revision: existing, collisionCount };
        collisionCount += 1;
      }
    }
  }

  /** Makes an older revision the newest again (a rollback to it). */
  async renumber(revision: ControllerRevision, number: number): Promise<ControllerRevision> {
    if (revision.revision === number) return revision;
    return await this.#client.patch<ControllerRevision>(REVISIONS, revision.metadata.namespace, revision.metadata.name ?? '', 'merge', {
      metadata: { resourceVersion: revision.metadata.resourceVersion },
      revision: number,
    });
  }

  async delete(revision: ControllerRevision): Promise<void> {
    try {
      await this.#client.delete(REVISIONS, revision.metadata.namespace, revision.metadata.name ?? '', {
        preconditions: { uid: revision.metadata.uid ?? '' },
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
