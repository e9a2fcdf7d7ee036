import { findKind } from '../../api/resources.js';
import { FieldSet } from './field-set.js';
import { pathOf } from './path-element.js';

const APPS_WORKLOADS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

/**
 * The fields a write cannot set, so nobody owns or conflicts on them (upstream
 * strategies' GetResetFields): `status` for writes to a resource that has a status
 * subresource, and `spec` (plus what the kind's status strategy resets) for writes
 * through `/status`.
 */
export function resetFields(group: string, version: string, kind: string, subresource: string | undefined): FieldSet {
  const apiVersion = group === '' ? version : `${group}/${version}`;
  const hasStatus = findKind(apiVersion, kind)?.subresources.includes('status') ?? false;
  if (subresource === undefined || subresource === '') return hasStatus ? FieldSet.of(pathOf('status')) : new FieldSet();
  if (subresource !== 'status') return new FieldSet();
  const set = FieldSet.of(pathOf('spec'));
  if (group === '' && kind === 'Pod') {
    set.insert(pathOf('metadata', 'deletionTimestamp'));
    set.insert(pathOf('metadata', 'ownerReferences'));
  }
  if (group === 'apps' && APPS_WORKLOADS.has(kind)) set.insert(pathOf('metadata', 'labels'));
  return set;
}
