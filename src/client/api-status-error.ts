import type { Status } from '../api/object.js';
import { isPlainObject } from '../api/object.js';

/** A request the API server answered with a failure Status. */
export class ApiStatusError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly status: Status | undefined;

  constructor(code: number, reason: string, message: string, status?: Status) {
    super(message);
    this.name = 'ApiStatusError';
    this.code = code;
    this.reason = reason;
    this.status = status;
  }

  static fromResponse(code: number, body: string, what: string): ApiStatusError {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
    if (isPlainObject(parsed) && parsed.kind === 'Status') {
      const status = parsed as unknown as Status;
      return new ApiStatusError(code, status.reason, `${what}: ${status.message}`, status);
    }
    return new ApiStatusError(code, 'Unknown', `${what}: HTTP ${code} ${body.slice(0, 200)}`);
  }
}

function hasCode(error: unknown, code: number): boolean {
  return error instanceof ApiStatusError && error.code === code;
}

export const isNotFound = (error: unknown): boolean => hasCode(error, 404);
export const isConflict = (error: unknown): boolean => hasCode(error, 409) && (error as ApiStatusError).reason === 'Conflict';
export const isAlreadyExists = (error: unknown): boolean =>
  hasCode(error, 409) && (error as ApiStatusError).reason === 'AlreadyExists';
export const isGone = (error: unknown): boolean => hasCode(error, 410);
export const isTooManyRequests = (error: unknown): boolean => hasCode(error, 429);
