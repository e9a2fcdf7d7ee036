import type { FieldPath } from '../../../api/field-path.js';
import { Quantity, QuantityError } from '../../../api/quantity.js';
import { isPlainObject } from '../../../api/object.js';
import type { Problems } from './problems.js';

const NANO_PER_MILLI = 1_000_000n;

/** A quantity from JSON (string or number), or undefined if it does not parse. */
export function quantityOf(value: unknown): Quantity | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  try {
    return Quantity.from(value);
  } catch (error) {
    if (error instanceof QuantityError) return undefined;
    throw error;
  }
}

/**
 * The text a quantity is stored as: upstream rounds values up to milli precision
 * (SetDefaults_ResourceList) and serializes them canonically (`0.5` -> `500m`).
 */
export function canonicalQuantity(value: unknown): string | undefined {
  const quantity = quantityOf(value);
  if (quantity === undefined) return undefined;
  const nano = quantity.nanoValue();
  if (nano % NANO_PER_MILLI === 0n) return quantity.toString();
  const magnitude = (nano < 0n ? -nano : nano) + NANO_PER_MILLI - 1n;
  const milli = (magnitude / NANO_PER_MILLI) * (nano < 0n ? -1n : 1n);
  return Quantity.fromMilli(milli, quantity.format).toString();
}

/** Rewrites every parseable quantity of a resource list (`{cpu: 0.5}`) to its stored text. */
export function canonicalizeQuantities(list: unknown): void {
  if (!isPlainObject(list)) return;
  for (const [name, value] of Object.entries(list)) {
    const text = canonicalQuantity(value);
    if (text !== undefined) list[name] = text;
  }
}

/** The quantity at `path`, or undefined after reporting why it is not one. */
export function readQuantity(problems: Problems, path: FieldPath, value: unknown): Quantity | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') {
    problems.typeInvalid(path, value, 'must be a quantity');
    return undefined;
  }
  try {
    return Quantity.from(value);
  } catch (error) {
    if (!(error instanceof QuantityError)) throw error;
    problems.invalid(path, value, error.message);
    return undefined;
  }
}
