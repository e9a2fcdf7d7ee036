import type { ApiObject } from '../../../api/object.js';
import { DefaultStrategy } from '../default-strategy.js';
import type { StrategyFieldError } from '../resource-strategy.js';
import { ObjectReader } from './object-reader.js';
import { Problems } from './problems.js';

/**
 * A strategy with kind-specific checks after the metadata checks every kind gets.
 * `check` sees the stored object as `old` on update, and undefined on create.
 */
export abstract class KindStrategy extends DefaultStrategy {
  protected abstract check(object: ObjectReader, old: ApiObject | undefined): void;

  override validate(object: ApiObject): StrategyFieldError[] {
    const problems = new Problems();
    this.check(ObjectReader.root(object, problems), undefined);
    return [...super.validate(object), ...problems.items];
  }

  /**
   * The stored object is compared with its defaults filled in, as upstream decodes it
   * from storage with defaults: objects stored before a default existed stay updatable.
   */
  override validateUpdate(object: ApiObject, old: ApiObject): StrategyFieldError[] {
    const problems = new Problems();
    const defaulted = structuredClone(old);
    this.applyDefaults(defaulted);
    this.check(ObjectReader.root(object, problems), defaulted);
    return [...super.validateUpdate(object, old), ...problems.items];
  }
}
