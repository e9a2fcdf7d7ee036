import { TugError } from '../../util/errors.js';

/**
 * A request body in the Kubernetes protobuf encoding could not be turned into JSON:
 * it is malformed, or it holds a kind we have no message definition for.
 */
export class ProtobufDecodeError extends TugError {
  readonly code = 'ProtobufUndecodable';

  constructor(detail: string, options?: ErrorOptions) {
    super(`unable to decode protobuf: ${detail}`, options);
  }
}
