import type { Managed } from './managed-fields.js';
import { managerIdentifier } from './managed-fields.js';

/** Upstream DefaultMaxUpdateManagers. */
export const MAX_UPDATE_MANAGERS = 10;

const BUCKET_MANAGER = 'ancient-changes';

function seconds(time: string | undefined): number {
  const ms = time === undefined ? Number.NaN : Date.parse(time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/**
 * Keeps at most `max` Update entries (upstream capManagersManager): the oldest
 * updaters are folded, per apiVersion, into an `ancient-changes` entry. Mutates and
 * returns `managed`.
 */
export function capUpdateManagers(managed: Managed, max = MAX_UPDATE_MANAGERS): Managed {
  const updaters = [...managed.sets].filter(([, versioned]) => !versioned.applied).map(([identifier]) => identifier);
  if (updaters.length <= max) return managed;
  updaters.sort((a, b) => seconds(managed.times.get(a)) - seconds(managed.times.get(b)) || (a < b ? -1 : a > b ? 1 : 0));
  const firstOfVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > max; i++) {
    const identifier = updaters[i] ?? '';
    const versioned = managed.sets.get(identifier);
    if (versioned === undefined) continue;
    const version = versioned.apiVersion;
    const bucket = managerIdentifier({ manager: BUCKET_MANAGER, operation: 'Update', apiVersion: version });
    const first = firstOfVersion.get(version);
    if (first === undefined) {
      firstOfVersion.set(version, identifier);
      continue;
    }
    if (!managed.sets.has(bucket)) {
      const firstSet = managed.sets.get(first);
      managed.sets.delete(first);
      if (firstSet !== undefined) managed.sets.set(bucket, firstSet);
    }
    const bucketSet = managed.sets.get(bucket)?.set;
    managed.sets.set(bucket, { ...versioned, set: bucketSet === undefined ? versioned.set : versioned.set.union(bucketSet) });
    managed.sets.delete(identifier);
    length--;
    managed.times.set(bucket, managed.times.get(identifier));
  }
  for (const identifier of managed.times.keys()) if (!managed.sets.has(identifier)) managed.times.delete(identifier);
  return managed;
}
