import { FieldSet } from './field-set.js';
import { isList, isMap } from './json-value.js';
import type { FieldPath, PathElement } from './path-element.js';
import { fieldElement, serializePathElement } from './path-element.js';
import type { Atom } from './schema-walker.js';
import { listItemElement, resolveFacet } from './typed-value.js';

/**
 * The fields a value sets (upstream TypedValue.ToFieldSet): every scalar, atomic list
 * and atomic map is a member; so is every granular-list item and every map entry that
 * is not a declared struct field, and any null or empty-map field. A struct field
 * with content is only a path to its members.
 */
export function toFieldSet(value: unknown, atom: Atom): FieldSet {
  const set = new FieldSet();
  walk(value, atom, [], set);
  return set;
}

function walk(value: unknown, atom: Atom, path: FieldPath, set: FieldSet): void {
  const facet = resolveFacet(atom, value);
  if (facet.kind === 'scalar') {
    set.insert(path);
    return;
  }
  if (facet.kind === 'list') {
    if (facet.list.relationship === 'atomic') {
      set.insert(path);
      return;
    }
    if (!isList(value)) return;
    const items = value.map((item) => ({ item, pe: listItemElement(facet.list, item) }));
    const seen = new Set<string>();
    const duplicates = new Set<string>();
    for (const { pe } of items) {
      const key = serializePathElement(pe);
      if (seen.has(key) && !duplicates.has(key)) {
        set.insert([...path, pe]);
        duplicates.add(key);
      }
      seen.add(key);
    }
    for (const { item, pe } of items) {
      if (duplicates.has(serializePathElement(pe))) continue;
      walk(item, facet.list.element, [...path, pe], set);
      set.insert([...path, pe]);
    }
    return;
  }
  if (facet.map.relationship === 'atomic') {
    set.insert(path);
    return;
  }
  if (!isMap(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    const childPath = [...path, fieldElement(key)];
    walk(inner, facet.map.fieldType(key), childPath, set);
    if (inner === null || (isMap(inner) && Object.keys(inner).length === 0) || !facet.map.isField(key)) set.insert(childPath);
  }
}

/**
 * `set` plus every declared struct field it descends into as a member (upstream
 * EnsureNamedFieldsAreMembers), so removing items by the set can remove a struct
 * field, not just the leaves under it.
 */
export function ensureNamedFieldsAreMembers(set: FieldSet, atom: Atom | undefined): FieldSet {
  const map = atom?.map;
  const list = atom?.list;
  const children = set.children();
  const named: PathElement[] = children.flatMap(({ pe }) => (pe.kind === 'field' && map?.isField(pe.name) === true ? [pe] : []));
  return FieldSet.compose(
    [...set.members(), ...named],
    children.map(({ pe, set: inner }) => {
      let childAtom: Atom | undefined;
      if (pe.kind === 'field') childAtom = map?.fieldType(pe.name);
      else if (pe.kind === 'key') childAtom = list?.element;
      return { pe, set: ensureNamedFieldsAreMembers(inner, childAtom) };
    }),
  );
}
