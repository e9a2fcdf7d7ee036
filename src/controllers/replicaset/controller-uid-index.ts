import type { ApiObject } from '../../api/object.js';
import { controllerOf } from '../runtime/enqueue-handlers.js';

/** The informer index of objects by the uid of their controlling owner (shared name: one index per informer). */
export const CONTROLLER_UID_INDEX = 'workloads/controller-uid';

export function controllerUidIndex(object: ApiObject): string[] {
  const owner = controllerOf(object);
  return owner === undefined ? [] : [owner.uid];
}
