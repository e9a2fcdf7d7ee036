import { FieldPath } from '../../../api/field-path.js';
import { isPlainObject } from '../../../api/object.js';
import type { Problems } from './problems.js';

/**
 * Typed reads of one JSON object during validation. A field of the wrong JSON type is
 * reported once (as a decoding error would be upstream) and read as absent.
 */
export class ObjectReader {
  readonly #isRoot: boolean;

  constructor(
    readonly fields: Record<string, unknown>,
    readonly path: FieldPath,
    readonly problems: Problems,
    isRoot = false,
  ) {
    this.#isRoot = isRoot;
  }

  /** A reader of a whole object: its fields' paths start at the top (`spec`, `data`). */
  static root(object: Record<string, unknown>, problems: Problems): ObjectReader {
    return new ObjectReader(object, FieldPath.root(''), problems, true);
  }

  /** A reader of `value`, or undefined when it is absent (or, reported, not an object). */
  static of(value: unknown, path: FieldPath, problems: Problems): ObjectReader | undefined {
    if (value === undefined || value === null) return undefined;
    if (!isPlainObject(value)) {
      problems.typeInvalid(path, value, 'must be an object');
      return undefined;
    }
    return new ObjectReader(value, path, problems);
  }

  at(key: string, ...more: string[]): FieldPath {
    return this.#isRoot ? FieldPath.root(key, ...more) : this.path.child(key, ...more);
  }

  has(key: string): boolean {
    return this.fields[key] !== undefined && this.fields[key] !== null;
  }

  raw(key: string): unknown {
    const value = this.fields[key];
    return value === null ? undefined : value;
  }

  /** The string, or '' when absent. */
  string(key: string): string {
    return this.optionalString(key) ?? '';
  }

  optionalString(key: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined || typeof value === 'string') return value;
    this.problems.typeInvalid(this.at(key), value, 'must be a string');
    return undefined;
  }

  int(key: string): number | undefined {
    const value = this.raw(key);
    if (value === undefined || (typeof value === 'number' && Number.isInteger(value))) return value;
    this.problems.typeInvalid(this.at(key), value, 'must be an integer');
    return undefined;
  }

  bool(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined || typeof value === 'boolean') return value;
    this.problems.typeInvalid(this.at(key), value, 'must be a boolean');
    return undefined;
  }

  object(key: string): ObjectReader | undefined {
    return ObjectReader.of(this.fields[key], this.at(key), this.problems);
  }

  /** The object, or an empty one when absent (a Go struct field that is not a pointer). */
  struct(key: string): ObjectReader {
    return this.object(key) ?? new ObjectReader({}, this.at(key), this.problems);
  }

  list(key: string): unknown[] {
    const value = this.raw(key);
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    this.problems.typeInvalid(this.at(key), value, 'must be an array');
    return [];
  }

  /** The items of a list of objects; an item that is not an object reads as empty. */
  objects(key: string): ObjectReader[] {
    const path = this.at(key);
    return this.list(key).map(
      (item, index) => ObjectReader.of(item, path.index(index), this.problems) ?? new ObjectReader({}, path.index(index), this.problems),
    );
  }

  /** A list of strings; an item that is not a string is reported and read as ''. */
  strings(key: string): string[] {
    const path = this.at(key);
    return this.list(key).map((item, index) => {
      if (typeof item === 'string') return item;
      this.problems.typeInvalid(path.index(index), item, 'must be a string');
      return '';
    });
  }

  /** A map of strings, or undefined when absent. */
  stringMap(key: string): Record<string, string> | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (!isPlainObject(value)) {
      this.problems.typeInvalid(this.at(key), value, 'must be an object of strings');
      return undefined;
    }
    const map: Record<string, string> = {};
    for (const [name, item] of Object.entries(value)) {
      if (typeof item === 'string') map[name] = item;
      else this.problems.typeInvalid(this.at(key).key(name), item, 'must be a string');
    }
    return map;
  }
}
