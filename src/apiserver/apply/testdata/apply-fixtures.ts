import assert from 'node:assert/strict';
import { ApiError } from '../../http/api-error.js';
import { FieldSet } from '../field-set.js';
import { isMap } from '../json-value.js';
import { pathString } from '../path-element.js';
import type { ApplyRequest } from '../server-side-apply.js';
import { serverSideApply } from '../server-side-apply.js';

/** Shared fixtures of the apply and update-tracking tests. */

export type Obj = Record<string, unknown>;

export const T1 = '2024-05-01T10:00:00Z';
export const T2 = '2024-05-01T11:00:00Z';
export const T3 = '2024-05-01T12:00:00Z';

export const DEPLOYMENT = { group: 'apps', version: 'v1', kind: 'Deployment' } as const;

/** A Deployment named web; an empty `spec` is left out (applying `spec: {}` would own `.spec` itself). */
export function deployment(spec: Obj, metadata: Obj = {}): Obj {
  const object: Obj = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', ...metadata } };
  return Object.keys(spec).length === 0 ? object : { ...object, spec };
}

export function container(name: string, image: string, more: Obj = {}): Obj {
  return { name, image, ...more };
}

export function template(...containers: Obj[]): Obj {
  return { template: { spec: { containers } } };
}

/** What storage adds to a stored object. */
export function stored(object: Obj): Obj {
  const metadata = isMap(object.metadata) ? object.metadata : {};
  return { ...object, metadata: { ...metadata, uid: 'uid-1', resourceVersion: '7', creationTimestamp: T1 } };
}

export function apply(live: Obj | undefined, applied: Obj, manager: string, options: Partial<ApplyRequest> = {}): Obj {
  const result = serverSideApply({ ...DEPLOYMENT, live, applied, manager, force: false, now: T1, ...options });
  return stored(result);
}

export interface Owner {
  manager: string | undefined;
  operation: unknown;
  time: unknown;
  subresource?: unknown;
  fields: string[];
}

/** The managedFields of an object, each entry's fields as field paths. */
export function owners(object: Obj): Owner[] {
  const metadata = isMap(object.metadata) ? object.metadata : {};
  const entries = Array.isArray(metadata.managedFields) ? (metadata.managedFields as unknown[]) : [];
  return entries.filter(isMap).map((entry) => ({
    manager: typeof entry.manager === 'string' ? entry.manager : undefined,
    operation: entry.operation,
    time: entry.time,
    ...(entry.subresource === undefined ? {} : { subresource: entry.subresource }),
    fields: FieldSet.fromFieldsV1(entry.fieldsV1).paths().map(pathString),
  }));
}

export function fieldsOf(object: Obj, manager: string): string[] | undefined {
  return owners(object).find((owner) => owner.manager === manager)?.fields;
}

export function specOf(object: Obj): Obj {
  return isMap(object.spec) ? { ...object.spec } : {};
}

export function metadataOf(object: Obj): Obj {
  return isMap(object.metadata) ? { ...object.metadata } : {};
}

/** Asserts `run` throws an ApiError and returns it. */
export function apiErrorOf(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected an ApiError');
}
