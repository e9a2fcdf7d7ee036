import { TugError } from '../util/errors.js';

/** A label or field selector that does not parse, or names a field that cannot be selected on. */
export class SelectorError extends TugError {
  readonly code = 'InvalidSelector';
}
