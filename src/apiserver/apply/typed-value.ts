import { goJson, isList, isMap, isScalar } from './json-value.js';
import type { PathElement } from './path-element.js';
import { fieldElement, keyElement, pathElementString, serializePathElement } from './path-element.js';
import type { Atom, ListSchema, MapSchema } from './schema-walker.js';

/**
 * The facets of `atom` that apply to `value` (upstream deduceAtom): the one matching
 * the value's JSON type when the atom has it, else all of them (absent and null
 * values fit any). `label` tells two deductions apart as upstream's Atom.Equals does.
 */
export interface Deduced {
  readonly scalar: boolean;
  readonly list: ListSchema | undefined;
  readonly map: MapSchema | undefined;
  readonly label: string;
}

export function deduce(atom: Atom, value: unknown): Deduced {
  let scalar = atom.scalar;
  let list = atom.list;
  let map = atom.map;
  if (isScalar(value) && scalar) [list, map] = [undefined, undefined];
  else if (isList(value) && list !== undefined) [scalar, map] = [false, undefined];
  else if (isMap(value) && map !== undefined) [scalar, list] = [false, undefined];
  return { scalar, list, map, label: `${scalar ? 's' : ''}${list === undefined ? '' : 'l'}${map === undefined ? '' : 'm'}` };
}

/** The facet upstream's handleAtom picks: a map first, then a scalar, then a list. */
export type Facet = { readonly kind: 'map'; readonly map: MapSchema } | { readonly kind: 'list'; readonly list: ListSchema } | { readonly kind: 'scalar' };

export function facetOf(deduced: Deduced): Facet {
  if (deduced.map !== undefined) return { kind: 'map', map: deduced.map };
  if (deduced.scalar || deduced.list === undefined) return { kind: 'scalar' };
  return { kind: 'list', list: deduced.list };
}

/** The facet for walking one value (upstream resolveSchema). */
export function resolveFacet(atom: Atom, value: unknown): Facet {
  return facetOf(deduce(atom, value));
}

/** A value that cannot be walked with its schema (a list item without its key, a duplicate). */
export class TypedValueError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(errors.length === 1 ? (errors[0] ?? '') : ['errors:', ...errors.map((e) => `  ${e}`)].join('\n'));
    this.name = 'TypedValueError';
  }
}

/**
 * The path element of an associative-list item: its key fields (a missing key takes
 * the schema default) or, for a set, its value. Throws with upstream's message.
 */
export function listItemElement(list: ListSchema, item: unknown): PathElement {
  if (list.keys.length === 0) {
    if (isMap(item)) throw new Error("associative list without keys has an element that's a map type");
    if (isList(item)) throw new Error('not supported: associative list with lists as elements');
    if (item === null || item === undefined) throw new Error("associative list without keys has an element that's an explicit null");
    return { kind: 'value', value: item };
  }
  if (item === null || item === undefined) throw new Error('associative list with keys may not have a null element');
  if (!isMap(item)) throw new Error('associative list with keys may not have non-map elements');
  const fields: [string, unknown][] = [];
  for (const key of list.keys) {
    if (Object.hasOwn(item, key)) {
      fields.push([key, item[key]]);
      continue;
    }
    const fallback = list.element.map?.fieldDefault(key);
    if (fallback === undefined || fallback === null) {
      throw new Error(`associative list with keys has an element that omits key field ${JSON.stringify(key)} (and doesn't have default value)`);
    }
    fields.push([key, fallback]);
  }
  return keyElement(fields);
}

/**
 * The problems that stop a value from being walked with its schema, each prefixed
 * with its path as upstream's typed validation prints them
 * (`.spec.containers: duplicate entries for key [name="web"]`). Live objects allow
 * duplicate list keys; applied configurations do not.
 */
export function typeErrors(value: unknown, atom: Atom, allowDuplicates: boolean): string[] {
  const errors: string[] = [];
  collect(value, atom, '', allowDuplicates, errors);
  return errors;
}

function kindOf(value: unknown): string {
  return isList(value) ? 'list' : isMap(value) ? 'map' : 'scalar';
}

function collect(value: unknown, atom: Atom, path: string, allowDuplicates: boolean, errors: string[]): void {
  if (value === null || value === undefined) return;
  const facet = resolveFacet(atom, value);
  const fail = (message: string): void => {
    errors.push(path === '' ? message : `${path}: ${message}`);
  };
  if (facet.kind === 'scalar') {
    if (!isScalar(value) && atom.list === undefined && atom.map === undefined) fail(`expected scalar, got ${kindOf(value)} ${goJson(value)}`);
    return;
  }
  if (facet.kind === 'map') {
    if (!isMap(value)) {
      fail(`expected map, got ${kindOf(value)} ${goJson(value)}`);
      return;
    }
    if (facet.map.relationship === 'atomic') return;
    for (const [key, inner] of Object.entries(value)) {
      collect(inner, facet.map.fieldType(key), `${path}${pathElementString(fieldElement(key))}`, allowDuplicates, errors);
    }
    return;
  }
  if (!isList(value)) {
    fail(`expected list, got ${kindOf(value)} ${goJson(value)}`);
    return;
  }
  if (facet.list.relationship === 'atomic') return;
  const seen = new Set<string>();
  for (const [i, item] of value.entries()) {
    let pe: PathElement;
    try {
      pe = listItemElement(facet.list, item);
    } catch (error) {
      fail(`element ${i}: ${(error as Error).message}`);
      return;
    }
    const key = serializePathElement(pe);
    if (seen.has(key) && !allowDuplicates) fail(`duplicate entries for key ${pathElementString(pe)}`);
    seen.add(key);
    collect(item, facet.list.element, `${path}${pathElementString(pe)}`, allowDuplicates, errors);
  }
}
