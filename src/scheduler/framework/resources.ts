import { Quantity } from '../../api/quantity.js';

/** Requested or allocatable amounts: CPU in millicores, the rest in units (bytes, counts). */
export interface Resources {
  milliCpu: number;
  memory: number;
  ephemeralStorage: number;
  /** Extended resources, hugepages and anything else, by resource name. */
  scalar: Map<string, number> | undefined;
}

export type QuantityMap = Readonly<Record<string, string | number>> | undefined;

/** Upstream's defaults for a container that requests nothing, used only for scoring. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

const IGNORED = new Set(['pods']);

export function emptyResources(): Resources {
  return { milliCpu: 0, memory: 0, ephemeralStorage: 0, scalar: undefined };
}

export function cloneResources(resources: Resources): Resources {
  return { ...resources, scalar: resources.scalar === undefined ? undefined : new Map(resources.scalar) };
}

/** Reads a resource list (requests, allocatable); unparseable quantities count as 0. */
export function resourcesOf(list: QuantityMap): Resources {
  const result = emptyResources();
  if (list === undefined) return result;
  for (const [name, raw] of Object.entries(list)) {
    if (IGNORED.has(name)) continue;
    let quantity: Quantity;
    try {
      quantity = Quantity.from(raw);
    } catch {
      continue;
    }
    if (name === 'cpu') result.milliCpu = quantity.milliValue();
    else if (name === 'memory') result.memory = quantity.value();
    else if (name === 'ephemeral-storage') result.ephemeralStorage = quantity.value();
    else (result.scalar ??= new Map()).set(name, quantity.value());
  }
  return result;
}

/** Adds `other` times `sign` into `target`. */
export function addResources(target: Resources, other: Resources, sign = 1): void {
  target.milliCpu += sign * other.milliCpu;
  target.memory += sign * other.memory;
  target.ephemeralStorage += sign * other.ephemeralStorage;
  if (other.scalar === undefined) return;
  const scalar = (target.scalar ??= new Map<string, number>());
  for (const [name, value] of other.scalar) scalar.set(name, (scalar.get(name) ?? 0) + sign * value);
}

/** Raises each amount of `target` to at least `other`'s. */
export function maxResources(target: Resources, other: Resources): void {
  target.milliCpu = Math.max(target.milliCpu, other.milliCpu);
  target.memory = Math.max(target.memory, other.memory);
  target.ephemeralStorage = Math.max(target.ephemeralStorage, other.ephemeralStorage);
  if (other.scalar === undefined) return;
  const scalar = (target.scalar ??= new Map<string, number>());
  for (const [name, value] of other.scalar) scalar.set(name, Math.max(scalar.get(name) ?? 0, value));
}

export function isZero(resources: Resources): boolean {
  if (resources.milliCpu !== 0 || resources.memory !== 0 || resources.ephemeralStorage !== 0) return false;
  if (resources.scalar === undefined) return true;
  for (const value of resources.scalar.values()) if (value !== 0) return false;
  return true;
}
