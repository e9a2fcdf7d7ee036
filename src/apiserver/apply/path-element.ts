import { compareValues, goJson, goJsonString, isMap, valueString } from './json-value.js';

/**
 * One step of a field path, as structured-merge-diff names it: a struct field or map
 * key, an associative-list item by its key fields, a set item by its value, or a
 * list index (never produced for apply, which keys every granular list).
 */
export type PathElement =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'key'; readonly fields: readonly (readonly [name: string, value: unknown])[] }
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'index'; readonly index: number };

export type FieldPath = readonly PathElement[];

export function fieldElement(name: string): PathElement {
  return { kind: 'field', name };
}

/** A key element; `fields` are sorted by name as upstream's FieldList.Sort does. */
export function keyElement(fields: readonly (readonly [string, unknown])[]): PathElement {
  return { kind: 'key', fields: [...fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) };
}

/** A path from field names, for tests and fixed paths: `pathOf('spec', 'replicas')`. */
export function pathOf(...names: string[]): FieldPath {
  return names.map(fieldElement);
}

/** The fieldsV1 key of an element: `f:name`, `k:{"name":"web"}`, `v:"a"`, `i:0`. */
export function serializePathElement(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `f:${pe.name}`;
    case 'key':
      return `k:{${pe.fields.map(([name, value]) => `${goJsonString(name)}:${goJson(value)}`).join(',')}}`;
    case 'value':
      return `v:${goJson(pe.value)}`;
    case 'index':
      return `i:${pe.index}`;
  }
}

/**
 * The element a fieldsV1 key names; undefined for an unknown element type (which
 * upstream skips). Throws on a malformed key.
 */
export function deserializePathElement(text: string): PathElement | undefined {
  if (text.length < 2) throw new Error(`key must be 2 characters long: ${text}`);
  if (text[1] !== ':') throw new Error(`missing colon: ${text}`);
  const rest = text.slice(2);
  switch (text[0]) {
    case 'f':
      return fieldElement(rest);
    case 'v':
      return { kind: 'value', value: JSON.parse(rest) as unknown };
    case 'k': {
      const parsed: unknown = JSON.parse(rest);
      if (!isMap(parsed)) throw new Error(`key element is not a JSON object: ${text}`);
      return keyElement(Object.entries(parsed));
    }
    case 'i': {
      if (!/^-?\d+$/.test(rest)) throw new Error(`invalid index: ${text}`);
      return { kind: 'index', index: Number(rest) };
    }
    default:
      return undefined;
  }
}

const KIND_ORDER = { field: 0, key: 1, value: 2, index: 3 } as const;

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Upstream's PathElement.Compare: fields, then keys, then values, then indexes. */
export function comparePathElements(a: PathElement, b: PathElement): number {
  if (a.kind !== b.kind) return Math.sign(KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  if (a.kind === 'field' && b.kind === 'field') return compareStrings(a.name, b.name);
  if (a.kind === 'value' && b.kind === 'value') return compareValues(a.value, b.value);
  if (a.kind === 'index' && b.kind === 'index') return Math.sign(a.index - b.index);
  if (a.kind === 'key' && b.kind === 'key') {
    for (let i = 0; i < Math.min(a.fields.length, b.fields.length); i++) {
      const [an = '', av] = a.fields[i] ?? [];
      const [bn = '', bv] = b.fields[i] ?? [];
      const c = compareStrings(an, bn) || compareValues(av, bv);
      if (c !== 0) return c;
    }
    return Math.sign(a.fields.length - b.fields.length);
  }
  return 0;
}

/** How a path element prints in messages: `.replicas`, `[name="web"]`, `[="a"]`, `[0]`. */
export function pathElementString(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `.${pe.name}`;
    case 'key':
      return `[${pe.fields.map(([name, value]) => `${name}=${valueString(value)}`).join(',')}]`;
    case 'value':
      return `[=${valueString(pe.value)}]`;
    case 'index':
      return `[${pe.index}]`;
  }
}

/** A path as upstream prints it in conflicts: `.spec.template.spec.containers[name="web"].image`. */
export function pathString(path: FieldPath): string {
  return path.map(pathElementString).join('');
}
