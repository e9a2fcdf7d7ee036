import { FieldSet } from './field-set.js';
import { goJsonString, isMap } from './json-value.js';

/** One `metadata.managedFields` entry as stored and served. */
export interface ManagedFieldsEntry {
  manager?: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

/** The fields one manager owns, at the apiVersion it last wrote (upstream fieldpath.VersionedSet). */
export interface VersionedSet {
  readonly set: FieldSet;
  readonly apiVersion: string;
  readonly applied: boolean;
}

/**
 * Decoded managed fields: sets and times keyed by manager identifier, the JSON of
 * {manager, operation, apiVersion (updates only), subresource} as upstream keys them,
 * so an applier is one entry whatever version it applies and an updater is one entry
 * per version.
 */
export interface Managed {
  readonly sets: Map<string, VersionedSet>;
  readonly times: Map<string, string | undefined>;
}

export interface ManagerInfo {
  readonly manager: string;
  readonly operation: 'Apply' | 'Update';
  readonly apiVersion: string;
  readonly subresource?: string | undefined;
}

export function emptyManaged(): Managed {
  return { sets: new Map(), times: new Map() };
}

export function copyManaged(managed: Managed): Managed {
  return { sets: new Map(managed.sets), times: new Map(managed.times) };
}

/** Upstream BuildManagerIdentifier: Go's JSON of the entry without fields, time and (for appliers) apiVersion. */
export function managerIdentifier(info: ManagerInfo): string {
  const parts: string[] = [];
  if (info.manager !== '') parts.push(`"manager":${goJsonString(info.manager)}`);
  parts.push(`"operation":${goJsonString(info.operation)}`);
  if (info.operation === 'Update' && info.apiVersion !== '') parts.push(`"apiVersion":${goJsonString(info.apiVersion)}`);
  if (info.subresource !== undefined && info.subresource !== '') parts.push(`"subresource":${goJsonString(info.subresource)}`);
  return `{${parts.join(',')}}`;
}

/** The entry fields an identifier holds. */
export function parseIdentifier(identifier: string): ManagerInfo {
  const parsed: unknown = JSON.parse(identifier);
  const read = (key: string): string => (isMap(parsed) && typeof parsed[key] === 'string' ? parsed[key] : '');
  return { manager: read('manager'), operation: read('operation') === 'Apply' ? 'Apply' : 'Update', apiVersion: read('apiVersion'), subresource: read('subresource') };
}

function stringField(entry: Readonly<Record<string, unknown>>, key: string): string {
  const value = entry[key];
  return typeof value === 'string' ? value : '';
}

/** Upstream DecodeManagedFields; throws with upstream's messages on a malformed entry. */
export function decodeManagedFields(entries: unknown): Managed {
  const managed = emptyManaged();
  if (entries === undefined || entries === null) return managed;
  if (!Array.isArray(entries)) throw new Error('managedFields must be a list');
  for (const [i, entry] of (entries as unknown[]).entries()) {
    if (!isMap(entry)) throw new Error(`managed fields entry ${i} is not an object`);
    const operation = stringField(entry, 'operation');
    if (operation !== 'Apply' && operation !== 'Update') throw new Error('operation must be `Apply` or `Update`');
    const apiVersion = stringField(entry, 'apiVersion');
    if (apiVersion === '') throw new Error('apiVersion must not be empty');
    const fieldsType = stringField(entry, 'fieldsType');
    if (fieldsType === '') throw new Error(`missing fieldsType in managed fields entry ${i}`);
    if (fieldsType !== 'FieldsV1') throw new Error(`invalid fieldsType ${JSON.stringify(fieldsType)} in managed fields entry ${i}`);
    const identifier = managerIdentifier({ manager: stringField(entry, 'manager'), operation, apiVersion, subresource: stringField(entry, 'subresource') });
    let set: FieldSet;
    try {
      set = entry.fieldsV1 === undefined || entry.fieldsV1 === null ? new FieldSet() : FieldSet.fromFieldsV1(entry.fieldsV1);
    } catch (error) {
      throw new Error(`error decoding versioned set from entry ${i}: error decoding set: ${(error as Error).message}`, { cause: error });
    }
    managed.sets.set(identifier, { set, apiVersion, applied: operation === 'Apply' });
    const time = entry.time;
    managed.times.set(identifier, typeof time === 'string' && time !== '' ? time : undefined);
  }
  return managed;
}

function seconds(time: string | undefined): number {
  if (time === undefined) return 0;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Upstream sortEncodedManagedFields: appliers first, then oldest first, then by manager, version, subresource. */
function compareEntries(p: ManagedFieldsEntry, q: ManagedFieldsEntry): number {
  return (
    compareText(p.operation, q.operation) ||
    Math.sign(seconds(p.time) - seconds(q.time)) ||
    compareText(p.manager ?? '', q.manager ?? '') ||
    compareText(p.apiVersion, q.apiVersion) ||
    compareText(p.subresource ?? '', q.subresource ?? '')
  );
}

/** Upstream encodeManagedFields: undefined when nobody manages anything (the field is then left out). */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] | undefined {
  if (managed.sets.size === 0) return undefined;
  const entries: ManagedFieldsEntry[] = [];
  for (const [identifier, versioned] of managed.sets) {
    const info = parseIdentifier(identifier);
    const time = managed.times.get(identifier);
    entries.push({
      ...(info.manager === '' ? {} : { manager: info.manager }),
      operation: versioned.applied ? 'Apply' : 'Update',
      apiVersion: versioned.apiVersion,
      ...(time === undefined ? {} : { time }),
      fieldsType: 'FieldsV1',
      fieldsV1: versioned.set.toFieldsV1(),
      ...(info.subresource === undefined || info.subresource === '' ? {} : { subresource: info.subresource }),
    });
  }
  return entries.sort(compareEntries);
}

/** Whether a request's managedFields asks to clear them: an empty list or one empty entry (upstream isResetManagedFields). */
export function isResetManagedFields(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  const [only] = entries as unknown[];
  return entries.length === 1 && isMap(only) && Object.values(only).every((value) => value === undefined || value === null || value === '');
}
