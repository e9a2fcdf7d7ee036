import type { ApiObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';

import { COMPLETE_COLUMNS, KIND_COLUMNS, age, type Column } from './table-columns.js';

export { age } from './table-columns.js';

/** Whether the Accept header asks for a server-side Table (kubectl get does). */
export function wantsTable(accept: string | undefined): boolean {
  return accept !== undefined && /as=Table/.test(accept);
}

const nameColumn: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  cell: (object) => object.metadata.name ?? '',
};

const ageColumn: Column = {
  name: 'Age',
  type: 'string',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  cell: (object, now) => age(object.metadata.creationTimestamp, now),
};

function columnsOf(info: ResourceInfo): readonly Column[] {
  const complete = COMPLETE_COLUMNS[info.resource];
  if (complete !== undefined) return complete;
  const columns = KIND_COLUMNS[info.resource] ?? [];
  // As upstream prints them: NAME, the always-shown columns, AGE, then the -o wide ones.
  return [nameColumn, ...columns.filter((c) => (c.priority ?? 0) === 0), ageColumn, ...columns.filter((c) => (c.priority ?? 0) > 0)];
}

/** A meta.k8s.io/v1 Table of objects, with the columns kubectl users know. */
export function toTable(info: ResourceInfo, objects: readonly ApiObject[], listMeta: Record<string, unknown>, now: number): unknown {
  const columns = columnsOf(info);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: columns.map(({ name, type, format, description, priority }) => ({
      name,
      type,
      format: format ?? '',
      description,
      priority: priority ?? 0,
    })),
    rows: objects.map((object) => ({
      cells: columns.map((column) => column.cell(object, now)),
      object: {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: object.metadata,
      },
    })),
  };
}
