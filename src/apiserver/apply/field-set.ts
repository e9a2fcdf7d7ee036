import { isMap } from './json-value.js';
import type { FieldPath, PathElement } from './path-element.js';
import { comparePathElements, deserializePathElement, serializePathElement } from './path-element.js';

interface Child {
  readonly pe: PathElement;
  readonly set: FieldSet;
}

/**
 * A set of field paths (upstream fieldpath.Set): a trie whose nodes hold the
 * elements that are members at that level and the children under each element. An
 * element can be both a member (the field, list item or map entry itself is owned)
 * and have children (fields under it are owned), which fieldsV1 writes as `".": {}`.
 *
 * Sets are values: every operation returns a new set. `insert` is for building one.
 */
export class FieldSet {
  readonly #members = new Map<string, PathElement>();
  readonly #children = new Map<string, Child>();

  static of(...paths: FieldPath[]): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  /** Adds `path` as a member (the empty path is ignored, as upstream). */
  insert(path: FieldPath): void {
    const [first, ...rest] = path;
    if (first === undefined) return;
    const key = serializePathElement(first);
    if (rest.length === 0) {
      this.#members.set(key, first);
      return;
    }
    let child = this.#children.get(key);
    if (child === undefined) {
      child = { pe: first, set: new FieldSet() };
      this.#children.set(key, child);
    }
    child.set.insert(rest);
  }

  has(path: FieldPath): boolean {
    const [first, ...rest] = path;
    if (first === undefined) return false;
    const key = serializePathElement(first);
    if (rest.length === 0) return this.#members.has(key);
    return this.#children.get(key)?.set.has(rest) ?? false;
  }

  hasMember(pe: PathElement): boolean {
    return this.#members.has(serializePathElement(pe));
  }

  /** The set under `pe` (upstream WithPrefix); empty when there is none. */
  child(pe: PathElement): FieldSet {
    return this.#children.get(serializePathElement(pe))?.set ?? new FieldSet();
  }

  isEmpty(): boolean {
    if (this.#members.size > 0) return false;
    for (const { set } of this.#children.values()) if (!set.isEmpty()) return false;
    return true;
  }

  /** The member elements in upstream's order. */
  members(): PathElement[] {
    return [...this.#members.values()].sort(comparePathElements);
  }

  /** The children in upstream's order. */
  children(): { pe: PathElement; set: FieldSet }[] {
    return [...this.#children.values()].sort((a, b) => comparePathElements(a.pe, b.pe));
  }

  union(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [key, pe] of [...this.#members, ...other.#members]) out.#members.set(key, pe);
    for (const [key, child] of this.#children) {
      const theirs = other.#children.get(key);
      out.#put(key, child.pe, theirs === undefined ? child.set : child.set.union(theirs.set));
    }
    for (const [key, child] of other.#children) if (!this.#children.has(key)) out.#put(key, child.pe, child.set);
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [key, pe] of this.#members) if (other.#members.has(key)) out.#members.set(key, pe);
    for (const [key, child] of this.#children) {
      const theirs = other.#children.get(key);
      if (theirs !== undefined) out.#put(key, child.pe, child.set.intersection(theirs.set));
    }
    return out;
  }

  /** The members of this set that are not members of `other` (subtrees of other's members stay). */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [key, pe] of this.#members) if (!other.#members.has(key)) out.#members.set(key, pe);
    for (const [key, child] of this.#children) {
      const theirs = other.#children.get(key);
      out.#put(key, child.pe, theirs === undefined ? child.set : child.set.difference(theirs.set));
    }
    return out;
  }

  /** Like difference, but a member of `other` also removes everything under it. */
  recursiveDifference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [key, pe] of this.#members) if (!other.#members.has(key)) out.#members.set(key, pe);
    for (const [key, child] of this.#children) {
      if (other.#members.has(key)) continue;
      const theirs = other.#children.get(key);
      out.#put(key, child.pe, theirs === undefined ? child.set : child.set.recursiveDifference(theirs.set));
    }
    return out;
  }

  /** A set made of top-level `members` and `children` (empty child sets dropped). */
  static compose(members: Iterable<PathElement>, children: Iterable<{ pe: PathElement; set: FieldSet }>): FieldSet {
    const out = new FieldSet();
    for (const pe of members) out.#members.set(serializePathElement(pe), pe);
    for (const { pe, set } of children) out.#put(serializePathElement(pe), pe, set);
    return out;
  }

  equals(other: FieldSet): boolean {
    return this.difference(other).isEmpty() && other.difference(this).isEmpty();
  }

  /** Every member path: this level's members first, then each child's, in order (upstream Iterate). */
  paths(prefix: FieldPath = []): FieldPath[] {
    const out: FieldPath[] = this.members().map((pe) => [...prefix, pe]);
    for (const { pe, set } of this.children()) out.push(...set.paths([...prefix, pe]));
    return out;
  }

  /** The fieldsV1 JSON object upstream stores in managedFields (members and children in upstream's order). */
  toFieldsV1(): Record<string, unknown> {
    return this.#emit(false);
  }

  /** Reads a fieldsV1 object; throws when it is not one. */
  static fromFieldsV1(fields: unknown): FieldSet {
    if (!isMap(fields)) throw new Error('fieldsV1 must be a JSON object');
    return readFieldsV1(fields).set;
  }

  toString(): string {
    return this.paths()
      .map((path) => path.map((pe) => serializePathElement(pe)).join('/'))
      .join('\n');
  }

  #put(key: string, pe: PathElement, set: FieldSet): void {
    if (!set.isEmpty()) this.#children.set(key, { pe, set });
  }

  #emit(includeSelf: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (includeSelf) out['.'] = {};
    const entries: { pe: PathElement; member: boolean; set: FieldSet | undefined }[] = [];
    for (const [key, pe] of this.#members) entries.push({ pe, member: true, set: this.#children.get(key)?.set });
    for (const [key, child] of this.#children) if (!this.#members.has(key)) entries.push({ pe: child.pe, member: false, set: child.set });
    entries.sort((a, b) => comparePathElements(a.pe, b.pe));
    for (const { pe, member, set } of entries) out[serializePathElement(pe)] = set === undefined ? {} : set.#emit(member);
    return out;
  }
}

function readFieldsV1(fields: Readonly<Record<string, unknown>>): { set: FieldSet; isMember: boolean } {
  const members: PathElement[] = [];
  const children: Child[] = [];
  let isMember = false;
  for (const [key, inner] of Object.entries(fields)) {
    if (key === '.') {
      isMember = true;
      continue;
    }
    const pe = deserializePathElement(key);
    if (pe === undefined) continue;
    if (!isMap(inner)) throw new Error(`fieldsV1 entry ${key} is not a JSON object`);
    const child = readFieldsV1(inner);
    if (child.isMember) members.push(pe);
    children.push({ pe, set: child.set });
  }
  // An entry with nothing under it (`"f:x": {}`) is a member, as upstream reads it.
  return { set: FieldSet.compose(members, children), isMember: isMember || (members.length === 0 && children.length === 0) };
}
