import type { ApiObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';
import { apiVersionOf } from '../../api/resources.js';
import { apiErrors } from '../http/api-error.js';

/**
 * Checks that a request body is an object of the kind the URL addresses, in the
 * namespace the URL names, and returns it typed. Mismatches are 400s worded as upstream.
 */
export function decodeRequestObject(
  body: unknown,
  info: ResourceInfo,
  namespace: string | undefined,
  expectedKind = info.kind,
  expectedApiVersion = apiVersionOf(info),
): ApiObject {
  if (!isPlainObject(body)) throw apiErrors.badRequest('the body of the request must be a JSON object');
  // As upstream, an object without apiVersion or kind takes them from the URL.
  const apiVersion = body.apiVersion ?? expectedApiVersion;
  const kind = body.kind ?? expectedKind;
  if (typeof kind !== 'string' || typeof apiVersion !== 'string') {
    throw apiErrors.badRequest('apiVersion and kind must be strings');
  }
  if (apiVersion !== expectedApiVersion) {
    throw apiErrors.badRequest(
      `the API version in the data (${apiVersion}) does not match the expected API version (${expectedApiVersion})`,
    );
  }
  if (kind !== expectedKind) {
    throw apiErrors.badRequest(`the kind in the data (${kind}) does not match the expected kind (${expectedKind})`);
  }
  const metadata = body.metadata ?? {};
  if (!isPlainObject(metadata)) throw apiErrors.badRequest('metadata must be an object');
  const object = { ...body, apiVersion, kind, metadata } as ApiObject;
  if (info.namespaced) {
    const given = object.metadata.namespace;
    if (given !== undefined && given !== '' && namespace !== undefined && given !== namespace) {
      throw apiErrors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    if (namespace !== undefined) object.metadata.namespace = namespace;
  } else {
    delete object.metadata.namespace;
  }
  return object;
}
