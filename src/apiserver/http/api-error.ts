import type { Status, StatusCause, StatusDetails } from '../../api/object.js';
import { TugError } from '../../util/errors.js';

/**
 * An error the API returns to its client as a Status: the HTTP code, the Kubernetes
 * reason, a message, and details (the object's kind and name, field causes).
 */
export class ApiError extends TugError {
  readonly code: string;

  constructor(
    readonly httpCode: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.code = reason;
  }

  toStatus(): Status {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details === undefined ? {} : { details: this.details }),
      code: this.httpCode,
    };
  }
}

/** Names an object as errors do: `deployments.apps "web"`. */
export interface ObjectRef {
  readonly group: string;
  readonly resource: string;
  readonly name: string;
  readonly kind?: string;
}

function qualified(ref: ObjectRef): string {
  return ref.group === '' ? ref.resource : `${ref.resource}.${ref.group}`;
}

function detailsOf(ref: ObjectRef): StatusDetails {
  return { name: ref.name, group: ref.group, kind: ref.resource };
}

export const apiErrors = {
  notFound: (ref: ObjectRef) =>
    new ApiError(404, 'NotFound', `${qualified(ref)} "${ref.name}" not found`, detailsOf(ref)),
  alreadyExists: (ref: ObjectRef) =>
    new ApiError(409, 'AlreadyExists', `${qualified(ref)} "${ref.name}" already exists`, detailsOf(ref)),
  conflict: (ref: ObjectRef, why: string) =>
    new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(ref)} "${ref.name}": ${why}`, detailsOf(ref)),
  invalid: (qualifiedKind: string, ref: ObjectRef, message: string, causes: StatusCause[]) =>
    new ApiError(422, 'Invalid', message, { name: ref.name, group: ref.group, kind: qualifiedKind.split('.')[0] ?? qualifiedKind, causes }),
  badRequest: (message: string, causes?: StatusCause[]) =>
    new ApiError(400, 'BadRequest', message, causes === undefined ? undefined : { causes }),
  methodNotAllowed: (method: string, what: string) =>
    new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${method} ${what})`),
  notAcceptable: (accept: string) =>
    new ApiError(406, 'NotAcceptable', `the server cannot produce a response in any of the requested formats: ${accept}`),
  unsupportedMediaType: (contentType: string) =>
    new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (got ${contentType})`),
  unprocessable: (message: string) => new ApiError(422, 'Invalid', message),
  gone: (message: string) => new ApiError(410, 'Expired', message),
  tooLarge: (limit: number) =>
    new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`),
  tooManyRequests: (message: string, causes?: StatusCause[]) =>
    new ApiError(429, 'TooManyRequests', message, { ...(causes === undefined ? {} : { causes }), retryAfterSeconds: 10 }),
  unauthorized: () => new ApiError(401, 'Unauthorized', 'Unauthorized'),
  forbidden: (message: string) => new ApiError(403, 'Forbidden', message),
  notFoundPath: () => new ApiError(404, 'NotFound', 'the server could not find the requested resource'),
  tooLargeResourceVersion: (requested: number, current: number) =>
    new ApiError(504, 'Timeout', `Too large resource version: ${requested}, current: ${current}`, { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 }),
  internal: (message: string, cause?: unknown) =>
    new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, undefined, { cause }),
  unavailable: (message: string) => new ApiError(503, 'ServiceUnavailable', message),
};
