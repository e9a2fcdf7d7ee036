import type { FieldSet } from './field-set.js';
import { isList, isMap } from './json-value.js';
import { fieldElement } from './path-element.js';
import type { Atom } from './schema-walker.js';
import { listItemElement, resolveFacet } from './typed-value.js';

/**
 * `value` without the fields, list items and map entries that are members of
 * `toRemove` (upstream TypedValue.RemoveItems). As upstream, a map or list left with
 * nothing becomes null; the caller drops nulls once the object is final.
 */
export function removeItems(value: unknown, toRemove: FieldSet, atom: Atom): unknown {
  const facet = resolveFacet(atom, value);
  if (facet.kind === 'scalar') return value;
  if (facet.kind === 'list') {
    if (!isList(value) || value.length === 0 || facet.list.relationship === 'atomic') return null;
    const items: unknown[] = [];
    for (const item of value) {
      const pe = listItemElement(facet.list, item);
      if (toRemove.hasMember(pe)) continue;
      const under = toRemove.child(pe);
      items.push(under.isEmpty() ? item : removeItems(item, under, facet.list.element));
    }
    return items.length > 0 ? items : null;
  }
  if (!isMap(value) || Object.keys(value).length === 0 || facet.map.relationship === 'atomic') return null;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const pe = fieldElement(key);
    if (toRemove.hasMember(pe)) continue;
    const under = toRemove.child(pe);
    out[key] = under.isEmpty() ? inner : removeItems(inner, under, facet.map.fieldType(key));
  }
  return Object.keys(out).length > 0 ? out : null;
}
