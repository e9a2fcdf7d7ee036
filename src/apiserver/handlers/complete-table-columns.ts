import type { ApiObject } from '../../api/object.js';
import { age, ageOf, column, num, obj, str, type Column } from './table-cells.js';

/** A column header of upstream's name column, for the complete layouts below. */
const nameColumn = (cell: Column['cell'], priority = 0): Column => ({ ...column('Name', 'string', 'Name must be unique within a namespace.', cell, priority), format: 'name' });
const ageColumn = column('Age', 'string', 'CreationTimestamp is a timestamp representing the server time when this object was created.', (o, now) => age(o.metadata.creationTimestamp, now));

/** The last time, first time and count of a core/v1 or events.k8s.io/v1 Event. */
function eventTimes(event: ApiObject, now: number): { last: string; first: string; count: number } {
  const series = obj(event.series);
  const firstStamp = event.firstTimestamp ?? event.deprecatedFirstTimestamp;
  const first = ageOf(firstStamp, now, ageOf(event.eventTime, now));
  const lastStamp = event.lastTimestamp ?? event.deprecatedLastTimestamp;
  let last = ageOf(lastStamp, now, first);
  let count = num(event.count ?? event.deprecatedCount);
  if (Object.keys(series).length > 0) {
    last = ageOf(series.lastObservedTime, now);
    count = num(series.count);
  } else if (count === 0) {
    count = 1;
  }
  return { last, first, count };
}

function eventObject(event: ApiObject): string {
  const involved = obj(event.involvedObject ?? event.regarding);
  const kind = str(involved.kind).toLowerCase();
  return typeof involved.name === 'string' && involved.name !== '' ? `${kind}/${involved.name}` : kind;
}

function eventSource(event: ApiObject): string {
  const source = obj(event.source ?? event.deprecatedSource);
  const component = str(source.component) || str(event.reportingController);
  const instance = str(source.host) || str(event.reportingInstance);
  return instance === '' ? component : `${component}, ${instance}`;
}

function isDefaultClass(object: ApiObject): boolean {
  const annotations = object.metadata.annotations ?? {};
  return annotations['storageclass.kubernetes.io/is-default-class'] === 'true' || annotations['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
}

/** Kinds whose table does not follow NAME, columns, AGE: every column, in order. */
export const COMPLETE_TABLE_COLUMNS: Record<string, readonly Column[]> = {
  events: [
    column('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.', (o, now) => eventTimes(o, now).last),
    column('Type', 'string', 'Type of this event (Normal, Warning).', (o) => str(o.type)),
    column('Reason', 'string', 'A short, machine understandable string that gives the reason for the transition into the object\'s current status.', (o) => str(o.reason)),
    column('Object', 'string', 'The object that this event is about.', eventObject),
    column('Subobject', 'string', 'The part of the object this event is about.', (o) => str(obj(o.involvedObject ?? o.regarding).fieldPath), 1),
    column('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', eventSource, 1),
    column('Message', 'string', 'A human-readable description of the status of this operation.', (o) => str(o.message ?? o.note).trim()),
    column('First Seen', 'string', 'The time at which the event was first recorded.', (o, now) => eventTimes(o, now).first, 1),
    column('Count', 'string', 'The number of times this event has occurred.', (o, now) => eventTimes(o, now).count, 1),
    nameColumn((o) => o.metadata.name ?? '', 1),
  ],
  storageclasses: [
    nameColumn((o) => `${o.metadata.name ?? ''}${isDefaultClass(o) ? ' (default)' : ''}`),
    column('Provisioner', 'string', 'The provisioner of volumes of this class.', (o) => str(o.provisioner)),
    column('ReclaimPolicy', 'string', 'What happens to volumes of this class when released.', (o) => str(o.reclaimPolicy, 'Delete')),
    column('VolumeBindingMode', 'string', 'When volumes are provisioned and bound.', (o) => str(o.volumeBindingMode, 'Immediate')),
    column('AllowVolumeExpansion', 'string', 'Whether volumes of this class may be expanded.', (o) => o.allowVolumeExpansion === true),
    ageColumn,
  ],
};
