import type { ApiObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';

import { KIND_COLUMNS, type Column } from './table-columns.js';

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

function columnsOf(info: ResourceInfo): Column[] {
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

/** Age as kubectl prints it: 45s, 12m, 3h, 5d, 2y. */
export function age(timestamp: string | undefined, now: number): string {
  if (timestamp === undefined) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now - Date.parse(timestamp)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return `${minutes}m${seconds % 60 === 0 ? '' : `${seconds % 60}s`}`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return `${hours}h${minutes % 60 === 0 ? '' : `${minutes % 60}m`}`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 365 * 2) return `${days}d`;
  return `${Math.floor(days / 365)}y`;
}
