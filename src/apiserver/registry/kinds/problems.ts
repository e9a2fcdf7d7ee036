import type { FieldError } from '../../../api/field-errors.js';
import * as fieldErrors from '../../../api/field-errors.js';
import type { FieldPath } from '../../../api/field-path.js';
import { goValue } from '../../../api/go-format.js';
import type { StrategyFieldError } from '../resource-strategy.js';
import { toStrategyErrors } from '../validate-metadata.js';

type Path = FieldPath | string;

/**
 * Every problem found in one object, in the order found, as upstream's field.ErrorList.
 * A problem reported twice (same field and message) is kept once.
 */
export class Problems {
  readonly #items: StrategyFieldError[] = [];
  readonly #seen = new Set<string>();

  get items(): readonly StrategyFieldError[] {
    return this.#items;
  }

  get count(): number {
    return this.#items.length;
  }

  add(...errors: readonly FieldError[]): void {
    for (const error of toStrategyErrors(errors)) this.#push(error);
  }

  required(path: Path, detail = ''): void {
    this.add(fieldErrors.required(path, detail));
  }

  invalid(path: Path, value: unknown, detail: string): void {
    this.add(fieldErrors.invalid(path, value, detail));
  }

  /** One Invalid problem per message, as upstream does with a validator's message list. */
  invalidEach(path: Path, value: unknown, messages: readonly string[]): void {
    for (const message of messages) this.invalid(path, value, message);
  }

  notSupported(path: Path, value: unknown, supported: readonly string[]): void {
    this.add(fieldErrors.notSupported(path, value, supported));
  }

  duplicate(path: Path, value: unknown): void {
    this.add(fieldErrors.duplicate(path, value));
  }

  forbidden(path: Path, detail: string): void {
    this.add(fieldErrors.forbidden(path, detail));
  }

  tooLong(path: Path, value: unknown, max: number): void {
    this.add(fieldErrors.tooLong(path, value, max));
  }

  tooMany(path: Path, actual: number, max: number): void {
    this.add(fieldErrors.tooMany(path, actual, max));
  }

  typeInvalid(path: Path, value: unknown, detail: string): void {
    this.add(fieldErrors.typeInvalid(path, value, detail));
  }

  /** Upstream's field.NotFound (a reference to something that does not exist). */
  notFound(path: Path, value: unknown): void {
    this.#push({ type: 'FieldValueNotFound', field: path.toString(), message: `Not found: ${goValue(value)}` });
  }

  #push(error: StrategyFieldError): void {
    const key = `${error.field}\u0000${error.message}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.#items.push(error);
  }
}
