import { parseFieldSelector } from '../../api/field-selector.js';
import { parseLabelSelector } from '../../api/label-selector.js';
import type { ApiObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';
import { TugError } from '../../util/errors.js';
import { apiErrors } from '../http/api-error.js';
import type { ResourceStrategy } from '../registry/resource-strategy.js';

/**
 * The predicate of a request's `labelSelector` and `fieldSelector`. A malformed
 * selector, or a field the resource does not support, is a 400.
 */
export function buildMatcher(info: ResourceInfo, strategy: ResourceStrategy, params: URLSearchParams): (object: ApiObject) => boolean {
  const labelText = params.get('labelSelector') ?? '';
  const fieldText = params.get('fieldSelector') ?? '';
  try {
    const labels = labelText === '' ? undefined : parseLabelSelector(labelText);
    const fields = fieldText === '' ? undefined : parseFieldSelector(fieldText);
    if (fields !== undefined) {
      const supported = new Set(Object.keys(strategy.selectableFields({ apiVersion: '', kind: info.kind, metadata: {} })));
      for (const requirement of fields.requirements) {
        if (!supported.has(requirement.field)) {
          throw apiErrors.badRequest(`field label not supported: ${requirement.field}`);
        }
      }
    }
    return (object) =>
      (labels === undefined || labels.matches(object.metadata.labels ?? {})) &&
      (fields === undefined || fields.matches(strategy.selectableFields(object)));
  } catch (error) {
    if (error instanceof TugError && !(error.code === 'BadRequest')) throw apiErrors.badRequest(error.message);
    throw error;
  }
}
