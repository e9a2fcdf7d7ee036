import { isList, isMap } from './json-value.js';
import type { PathElement } from './path-element.js';
import { fieldElement, pathElementString, serializePathElement } from './path-element.js';
import type { Atom, ListSchema, MapSchema } from './schema-walker.js';
import type { Facet } from './typed-value.js';
import { TypedValueError, deduce, facetOf, listItemElement } from './typed-value.js';

/**
 * `live` with the applied configuration `config` merged in (upstream
 * TypedValue.Merge with ruleKeepRHS): leaves, atomic lists and atomic maps take the
 * configured value; granular maps merge key by key; associative lists merge item by
 * item, the configured items in their configured order and live-only items kept
 * where they were. Returns undefined for "no value".
 */
export function mergeValues(live: unknown, config: unknown, atom: Atom): unknown {
  return merge(live, config, atom, '');
}

function merge(lhs: unknown, rhs: unknown, atom: Atom, path: string): unknown {
  if (lhs === undefined && rhs === undefined) return undefined;
  const facet = facetOf(rhs === undefined ? deduce(atom, lhs) : deduce(atom, rhs));
  return handle(facet, lhs, rhs, path);
}

function leaf(lhs: unknown, rhs: unknown): unknown {
  return rhs === undefined ? lhs : rhs;
}

function handle(facet: Facet, lhs: unknown, rhs: unknown, path: string): unknown {
  if (facet.kind === 'scalar') return leaf(lhs, rhs);
  if (facet.kind === 'list') {
    const l = isList(lhs) ? lhs : undefined;
    const r = isList(rhs) ? rhs : undefined;
    if (facet.list.relationship === 'atomic' || ((l?.length ?? 0) === 0 && (r?.length ?? 0) === 0)) return leaf(lhs, rhs);
    return mergeListItems(facet.list, l ?? [], r ?? [], path);
  }
  const l = isMap(lhs) ? lhs : undefined;
  const r = isMap(rhs) ? rhs : undefined;
  const empty = (m: Readonly<Record<string, unknown>> | undefined): boolean => m === undefined || Object.keys(m).length === 0;
  if (facet.map.relationship === 'atomic' || (empty(l) && empty(r))) return leaf(lhs, rhs);
  return mergeMapItems(facet.map, l ?? {}, r ?? {}, path);
}

function mergeMapItems(map: MapSchema, lhs: Readonly<Record<string, unknown>>, rhs: Readonly<Record<string, unknown>>, path: string): unknown {
  const out: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(lhs), ...Object.keys(rhs)]);
  for (const key of keys) {
    const childPath = `${path}${pathElementString(fieldElement(key))}`;
    const merged = merge(Object.hasOwn(lhs, key) ? lhs[key] : undefined, Object.hasOwn(rhs, key) ? rhs[key] : undefined, map.fieldType(key), childPath);
    if (merged !== undefined) out[key] = merged;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

interface Indexed {
  readonly pes: PathElement[];
  readonly observed: Map<string, unknown>;
}

function index(list: ListSchema, items: readonly unknown[], allowDuplicates: boolean, path: string): Indexed {
  const pes: PathElement[] = [];
  const observed = new Map<string, unknown>();
  for (const [i, item] of items.entries()) {
    let pe: PathElement;
    try {
      pe = listItemElement(list, item);
    } catch (error) {
      throw new TypedValueError([`${path}: element ${i}: ${(error as Error).message}`]);
    }
    const key = serializePathElement(pe);
    if (observed.has(key)) {
      if (!allowDuplicates) throw new TypedValueError([`${path}: duplicate entries for key ${pathElementString(pe)}`]);
      // Duplicated live items are not merged with the configured one.
      observed.set(key, null);
    } else {
      observed.set(key, item);
    }
    pes.push(pe);
  }
  return { pes, observed };
}

/** Upstream's visitListItems ordering, step for step. */
function mergeListItems(list: ListSchema, lhs: readonly unknown[], rhs: readonly unknown[], path: string): unknown {
  const out: unknown[] = [];
  const right = index(list, rhs, false, path);
  const left = index(list, lhs, true, path);
  const keyOf = serializePathElement;
  const sharedOrder = right.pes.filter((pe) => left.observed.has(keyOf(pe))).map(keyOf);
  let nextShared = sharedOrder.shift();
  const mergedRight = new Set<string>();
  const mergeItem = (pe: PathElement, l: unknown, r: unknown): void => {
    const merged = merge(l, r, list.element, `${path}${pathElementString(pe)}`);
    if (merged !== undefined) out.push(merged);
  };
  let li = 0;
  let ri = 0;
  while (li < left.pes.length || ri < right.pes.length) {
    const lpe = left.pes[li];
    const rpe = right.pes[ri];
    if (lpe !== undefined && rpe !== undefined) {
      const lkey = keyOf(lpe);
      if (lkey === keyOf(rpe)) {
        mergedRight.add(lkey);
        mergeItem(lpe, left.observed.get(lkey), right.observed.get(lkey));
        li++;
        ri++;
        nextShared = sharedOrder.shift();
        continue;
      }
      if (right.observed.has(lkey) && nextShared !== undefined && nextShared !== lkey) {
        // A shared item, but not the one due in this round.
        li++;
        continue;
      }
    }
    if (lpe !== undefined) {
      const lkey = keyOf(lpe);
      if (!right.observed.has(lkey)) {
        mergeItem(lpe, lhs[li], undefined);
        li++;
        continue;
      } else if (mergedRight.has(lkey)) {
        li++;
      }
    }
    const next = right.pes[ri];
    if (next !== undefined) {
      const rkey = keyOf(next);
      mergedRight.add(rkey);
      mergeItem(next, left.observed.get(rkey), right.observed.get(rkey));
      ri++;
      if (nextShared === rkey) nextShared = sharedOrder.shift();
    }
  }
  return out.length > 0 ? out : undefined;
}
