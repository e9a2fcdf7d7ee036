import { FieldSet } from './field-set.js';
import { isList, isMap, jsonEqual } from './json-value.js';
import type { FieldPath, PathElement } from './path-element.js';
import { fieldElement, serializePathElement } from './path-element.js';
import type { Atom, ListSchema } from './schema-walker.js';
import type { Facet } from './typed-value.js';
import { deduce, facetOf, listItemElement } from './typed-value.js';

/** What changed between two versions of an object, as field sets (upstream typed.Comparison). */
export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

/**
 * Compares `before` with `after` (upstream TypedValue.Compare): a leaf (scalar,
 * atomic list or map, empty value) that appears, changes or disappears is added,
 * modified or removed; so is a granular map, list item or struct that appears or
 * disappears as a whole.
 */
export function compareValues(before: unknown, after: unknown, atom: Atom): Comparison {
  const comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compare(before, after, atom, [], comparison);
  return comparison;
}

/** `comparison` without the fields in (or under) `ignored` (upstream FilterFields with an exclude filter). */
export function excludeFields(comparison: Comparison, ignored: FieldSet): Comparison {
  if (ignored.isEmpty()) return comparison;
  return {
    added: comparison.added.recursiveDifference(ignored),
    modified: comparison.modified.recursiveDifference(ignored),
    removed: comparison.removed.recursiveDifference(ignored),
  };
}

function compare(lhs: unknown, rhs: unknown, atom: Atom, path: FieldPath, c: Comparison): void {
  if (lhs === undefined && rhs === undefined) return;
  const left = deduce(atom, lhs);
  const right = deduce(atom, rhs);
  let leaf: boolean;
  if (rhs === undefined) {
    leaf = handle(facetOf(left), lhs, rhs, path, c);
  } else if (lhs === undefined || left.label === right.label) {
    leaf = handle(facetOf(right), lhs, rhs, path, c);
  } else {
    handle(facetOf(left), lhs, rhs, path, c);
    leaf = handle(facetOf(right), lhs, rhs, path, c);
  }
  if (!leaf) {
    if (lhs === undefined) c.added.insert(path);
    else if (rhs === undefined) c.removed.insert(path);
  }
}

function compareLeaf(lhs: unknown, rhs: unknown, path: FieldPath, c: Comparison): true {
  if (lhs === undefined) c.added.insert(path);
  else if (rhs === undefined) c.removed.insert(path);
  else if (!jsonEqual(lhs, rhs)) c.modified.insert(path);
  return true;
}

/** Walks one facet; true when the value was compared as a leaf. */
function handle(facet: Facet, lhs: unknown, rhs: unknown, path: FieldPath, c: Comparison): boolean {
  if (facet.kind === 'scalar') return compareLeaf(lhs, rhs, path, c);
  if (facet.kind === 'list') {
    const l = isList(lhs) ? lhs : [];
    const r = isList(rhs) ? rhs : [];
    if (facet.list.relationship === 'atomic' || (l.length === 0 && r.length === 0)) return compareLeaf(lhs, rhs, path, c);
    compareListItems(facet.list, l, r, path, c);
    return false;
  }
  const l = isMap(lhs) ? lhs : {};
  const r = isMap(rhs) ? rhs : {};
  if (facet.map.relationship === 'atomic' || (Object.keys(l).length === 0 && Object.keys(r).length === 0)) return compareLeaf(lhs, rhs, path, c);
  for (const key of new Set([...Object.keys(l), ...Object.keys(r)])) {
    const before = Object.hasOwn(l, key) ? l[key] : undefined;
    const after = Object.hasOwn(r, key) ? r[key] : undefined;
    compare(before, after, facet.map.fieldType(key), [...path, fieldElement(key)], c);
  }
  return false;
}

function group(list: ListSchema, items: readonly unknown[], order: PathElement[], seen: Set<string>): Map<string, unknown[]> {
  const byKey = new Map<string, unknown[]>();
  for (const item of items) {
    const pe = listItemElement(list, item);
    const key = serializePathElement(pe);
    const existing = byKey.get(key);
    if (existing === undefined) {
      byKey.set(key, [item]);
      if (!seen.has(key)) order.push(pe);
      seen.add(key);
    } else {
      existing.push(item);
    }
  }
  return byKey;
}

/** Items by key; items whose key repeats are compared as one value (upstream's duplicate handling). */
function compareListItems(list: ListSchema, lhs: readonly unknown[], rhs: readonly unknown[], path: FieldPath, c: Comparison): void {
  const order: PathElement[] = [];
  const seen = new Set<string>();
  const left = group(list, lhs, order, seen);
  const right = group(list, rhs, order, seen);
  for (const pe of order) {
    const key = serializePathElement(pe);
    const l = left.get(key) ?? [];
    const r = right.get(key) ?? [];
    const itemPath = [...path, pe];
    if (l.length <= 1 && r.length <= 1) {
      compare(l[0], r[0], list.element, itemPath, c);
    } else if (l.length >= 2 && r.length >= 2) {
      if (!jsonEqual(l, r)) c.modified.insert(itemPath);
    } else if (l.length >= 2) {
      if (r.length > 0) compare(undefined, r[0], list.element, itemPath, c);
      c.removed.insert(itemPath);
    } else {
      if (l.length > 0) compare(l[0], undefined, list.element, itemPath, c);
      c.added.insert(itemPath);
    }
  }
}
