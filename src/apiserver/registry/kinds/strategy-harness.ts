import type { ApiObject } from '../../../api/object.js';
import { type ResourceInfo, findResource } from '../../../api/resources.js';
import { strategyFor } from '../strategies.js';

/** What a write through a strategy produced: the object as it would be stored, and every problem. */
export interface WriteOutcome {
  readonly object: ApiObject;
  /** `field: message`, as the 422 message lists them. */
  readonly errors: string[];
}

/** The served resource `group/version` + plural (the core group is ''), for tests. */
export function resource(group: string, version: string, plural: string): ResourceInfo {
  const info = findResource(group, version, plural);
  if (info === undefined) throw new Error(`${group}/${version}/${plural} is not served`);
  return info;
}

/** Runs a create through the strategy as the store does: prepare, default, validate. */
export function tryCreate(info: ResourceInfo, input: ApiObject): WriteOutcome {
  const strategy = strategyFor(info);
  const object = structuredClone(input);
  strategy.prepareForCreate(object);
  strategy.applyDefaults(object);
  const errors = strategy.validate(object).map((error) => `${error.field}: ${error.message}`);
  return { object, errors };
}

/** Runs an update of `old` (as stored) to `input` as the store does for the main resource. */
export function tryUpdate(info: ResourceInfo, old: ApiObject, input: ApiObject): WriteOutcome {
  const strategy = strategyFor(info);
  const object = structuredClone(input);
  object.metadata = { ...object.metadata, uid: old.metadata.uid ?? 'uid-1', creationTimestamp: old.metadata.creationTimestamp ?? '2024-01-01T00:00:00Z' };
  strategy.prepareForUpdate(object, old);
  strategy.applyDefaults(object);
  const errors = strategy.validateUpdate(object, old).map((error) => `${error.field}: ${error.message}`);
  return { object, errors };
}

/** Creates, failing the test with the problems if there are any. */
export function created(info: ResourceInfo, input: ApiObject): ApiObject {
  const outcome = tryCreate(info, input);
  if (outcome.errors.length > 0) throw new Error(`unexpected problems:\n${outcome.errors.join('\n')}`);
  outcome.object.metadata.uid ??= 'uid-1';
  outcome.object.metadata.creationTimestamp ??= '2024-01-01T00:00:00Z';
  return outcome.object;
}
