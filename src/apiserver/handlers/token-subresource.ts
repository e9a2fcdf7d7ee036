import { isPlainObject } from '../../api/object.js';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import { rfc3339 } from '../../util/clock.js';
import { ApiError, apiErrors } from '../http/api-error.js';
import type { Request, Response } from '../http/http-types.js';
import { parseBody, readBody } from '../http/read-body.js';
import { sendJson } from '../http/respond.js';
import type { ObjectStore } from '../registry/object-store.js';
import type { BoundObject, ServiceAccountTokens } from '../serviceaccount/service-account-tokens.js';

const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;
const DEFAULT_EXPIRATION_SECONDS = 3600;
const BINDABLE_KINDS = ['Pod', 'Secret'] as const;

export interface TokenRequestContext {
  readonly store: ObjectStore;
  readonly tokens: ServiceAccountTokens | undefined;
  readonly verb: string;
  readonly namespace: string | undefined;
  readonly name: string;
}

/**
 * `POST serviceaccounts/NAME/token` (what `kubectl create token` and the kubelet's
 * projected serviceAccountToken volumes send): answers an authentication.k8s.io/v1
 * TokenRequest with a signed token in `status`, as upstream's TokenRequest API does.
 */
export async function serveTokenRequest(request: Request, response: Response, context: TokenRequestContext): Promise<void> {
  if (context.verb !== 'create') throw apiErrors.methodNotAllowed(request.method, 'serviceaccounts/token');
  const { store, tokens, namespace = '', name } = context;
  if (tokens === undefined) throw apiErrors.notFoundPath();
  const body = parseBody(await readBody(request), request.headers['content-type']);
  if (!isPlainObject(body)) throw apiErrors.badRequest('the body of the request must be a TokenRequest object');
  const spec = isPlainObject(body.spec) ? body.spec : {};
  const expirationSeconds = expirationOf(spec.expirationSeconds, name);
  const requested = Array.isArray(spec.audiences) ? spec.audiences.filter((audience): audience is string => typeof audience === 'string') : [];
  const audiences = requested.length > 0 ? requested : [...tokens.apiAudiences];
  const account = await store.get(core('serviceaccounts'), namespace, name);
  const boundObject = isPlainObject(spec.boundObjectRef) ? await boundObjectOf(store, namespace, name, spec.boundObjectRef) : undefined;
  const issued = tokens.issue({
    namespace,
    serviceAccount: { name, uid: account.metadata.uid ?? '' },
    audiences,
    expirationSeconds,
    ...(boundObject === undefined ? {} : { boundObject }),
  });
  const metadata = isPlainObject(body.metadata) ? body.metadata : {};
  sendJson(response, 201, {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { ...metadata, name, namespace, creationTimestamp: null },
    spec: {
      audiences,
      expirationSeconds,
      boundObjectRef: boundObject === undefined ? null : { kind: boundObject.kind, apiVersion: 'v1', name: boundObject.name, uid: boundObject.uid },
    },
    status: { token: issued.token, expirationTimestamp: rfc3339(issued.expiresAt) },
  });
}

function expirationOf(value: unknown, name: string): number {
  if (value === undefined || value === null) return DEFAULT_EXPIRATION_SECONDS;
  const invalid = (message: string) =>
    apiErrors.invalid('TokenRequest.authentication.k8s.io', { group: 'authentication.k8s.io', resource: 'tokenrequests', name }, `TokenRequest.authentication.k8s.io "${name}" is invalid: spec.expirationSeconds: Invalid value: ${JSON.stringify(value)}: ${message}`, [
      { reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(value)}: ${message}`, field: 'spec.expirationSeconds' },
    ]);
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid('must be an integer');
  if (value < MIN_EXPIRATION_SECONDS) throw invalid('may not specify a duration less than 10 minutes');
  if (value > MAX_EXPIRATION_SECONDS) throw invalid('may not specify a duration larger than 2^32 seconds');
  return value;
}

async function boundObjectOf(store: ObjectStore, namespace: string, account: string, ref: Record<string, unknown>): Promise<BoundObject> {
  const kind = ref.kind;
  const bindable = BINDABLE_KINDS.find((candidate) => candidate === kind);
  if (bindable === undefined || (ref.apiVersion !== undefined && ref.apiVersion !== 'v1')) {
    throw apiErrors.badRequest(`cannot bind token for serviceaccount "${account}" to object of kind ${JSON.stringify(`${typeof ref.apiVersion === 'string' ? ref.apiVersion : ''}, Kind=${typeof kind === 'string' ? kind : ''}`)}`);
  }
  const objectName = typeof ref.name === 'string' ? ref.name : '';
  const object = await store.get(core(bindable === 'Pod' ? 'pods' : 'secrets'), namespace, objectName);
  const uid = object.metadata.uid ?? '';
  if (typeof ref.uid === 'string' && ref.uid !== '' && ref.uid !== uid) {
    throw new ApiError(
      409,
      'Conflict',
      `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
    );
  }
  if (bindable === 'Pod') {
    const spec = isPlainObject(object.spec) ? object.spec : {};
    const podAccount = typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== '' ? spec.serviceAccountName : 'default';
    if (podAccount !== account) {
      throw apiErrors.badRequest(`cannot bind token for serviceaccount "${account}" to pod running with different serviceaccount name.`);
    }
  }
  return { kind: bindable, name: objectName, uid };
}

function core(resource: string): ResourceInfo {
  const info = findResource('', 'v1', resource);
  if (info === undefined) throw apiErrors.notFoundPath();
  return info;
}
