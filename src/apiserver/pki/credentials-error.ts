import { TugError } from '../../util/errors.js';

/**
 * Cluster credentials on disk are missing, unreadable or do not fit together, or the
 * names asked of them are invalid. The message is one line and names the file.
 */
export class CredentialsError extends TugError {
  readonly code = 'CredentialsInvalid';

  constructor(
    message: string,
    readonly file?: string,
    options?: ErrorOptions,
  ) {
    super(file === undefined ? message : `${file}: ${message}`, options);
  }
}
