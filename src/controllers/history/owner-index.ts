import type { ApiObject } from '../../api/object.js';

/** The informer index of objects by the uid of their controlling owner. */
export const OWNER_UID_INDEX = 'workloads/controller-uid';

export function ownerUidIndex(object: ApiObject): string[] {
  const owner = object.metadata.ownerReferences?.find((reference) => reference.controller === true);
  return owner === undefined ? [] : [owner.uid];
}
