import { TugError } from '../../util/errors.js';

/**
 * The sandbox, container or image a call named does not exist (any more). Callers
 * treat it as "already gone": a pod worker recreates, a cleanup moves on.
 */
export class RuntimeNotFoundError extends TugError {
  readonly code = 'RuntimeNotFound';
}

/** The runtime cannot be reached (socket missing, process down); retry later. */
export class RuntimeUnavailableError extends TugError {
  readonly code = 'RuntimeUnavailable';
}

/** The call did not finish in time: an ExecSync command outlived its timeout, or the runtime hung. */
export class RuntimeTimeoutError extends TugError {
  readonly code = 'RuntimeTimeout';
}

/** An image could not be pulled (unknown image, registry unreachable, denied); a pod shows ErrImagePull. */
export class ImagePullError extends TugError {
  readonly code = 'ErrImagePull';
}

/**
 * The runtime refused or failed a call for any other reason (wrong state, invalid
 * config, runc failure). `reason` is the runtime's own classification, e.g. a gRPC
 * status name, for logs.
 */
export class RuntimeCallError extends TugError {
  readonly code = 'RuntimeCallFailed';
  readonly reason: string;

  constructor(message: string, reason: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}
