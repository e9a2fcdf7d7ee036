import type { ApiObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';

/**
 * A mutating admission plugin: changes objects on create before they are defaulted and
 * validated, as upstream's admission chain does. Configured per server (flags), unlike
 * strategies, which hold a kind's fixed rules.
 */
export interface AdmissionPlugin {
  readonly name: string;
  admitCreate(info: ResourceInfo, object: ApiObject): void;
}
