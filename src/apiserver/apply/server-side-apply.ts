import { ApiError, apiErrors } from '../http/api-error.js';
import { conflictError } from './conflict-error.js';
import type { ApplyOutcome, Writer } from './field-manager.js';
import { applyConfig, recordUpdate } from './field-manager.js';
import { applyFieldManager } from './field-manager-name.js';
import { fillAbsent, isMap, withoutNulls } from './json-value.js';
import { KUBECTL_MANAGER, syncLastApplied } from './last-applied.js';
import type { Managed } from './managed-fields.js';
import { decodeManagedFields, emptyManaged, encodeManagedFields, isResetManagedFields } from './managed-fields.js';
import { resetFields } from './reset-fields.js';
import type { Atom } from './schema-walker.js';
import { schemaOf } from './schema-walker.js';
import { typeErrors } from './typed-value.js';
import type { UpdaterContext } from './updater.js';
import { ApplyConflicts } from './updater.js';

export { applyFieldManager, fieldManagerFromRequest } from './field-manager-name.js';

type JsonObject = Record<string, unknown>;

export interface ApplyRequest {
  /** The stored object, or undefined when the apply creates it. */
  live: JsonObject | undefined;
  /** The decoded body of the apply patch. */
  applied: JsonObject;
  /** The `fieldManager` query parameter (required). */
  manager: string;
  force: boolean;
  group: string;
  version: string;
  kind: string;
  /** RFC 3339 time stamped on the applier's entry when the object changes. */
  now: string;
  subresource?: string;
  /** The name in the request URL; when given the result must carry it (upstream checkName). */
  name?: string;
  /** The namespace in the request URL, checked like `name`. */
  namespace?: string;
}

export interface UpdateRequest {
  /** The stored object, or undefined for a create. */
  old: JsonObject | undefined;
  /** The object about to be stored (decoded and defaulted, before the strategy runs). */
  next: JsonObject;
  manager: string;
  group: string;
  version: string;
  kind: string;
  now: string;
  subresource?: string;
}

function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

function metadataOf(object: unknown): JsonObject {
  return isMap(object) && isMap(object.metadata) ? { ...object.metadata } : {};
}

function stringAt(object: JsonObject, key: string): string {
  const value = object[key];
  return typeof value === 'string' ? value : '';
}

/** Go's GroupVersionKind.String() of what an object says it is: `apps/v1, Kind=Deployment`. */
function gvkString(object: JsonObject): string {
  const apiVersion = stringAt(object, 'apiVersion');
  const parts = apiVersion.split('/');
  const [group, version] = parts.length === 1 ? ['', apiVersion] : parts.length === 2 ? parts : ['', ''];
  return `${group ?? ''}/${version ?? ''}, Kind=${stringAt(object, 'kind')}`;
}

/** Upstream objectGVKNN: `default/web; apps/v1, Kind=Deployment`. */
function describe(object: JsonObject): string {
  const metadata = metadataOf(object);
  return `${stringAt(metadata, 'namespace')}/${stringAt(metadata, 'name')}; ${gvkString(object)}`;
}

function withManagedFields(object: JsonObject, entries: unknown): JsonObject {
  if (entries === undefined && !isMap(object.metadata)) return object;
  const { managedFields: _dropped, ...metadata } = metadataOf(object);
  return { ...object, metadata: entries === undefined ? metadata : { ...metadata, managedFields: entries } };
}

function withoutManagedFields(object: JsonObject): JsonObject {
  return withManagedFields(object, undefined);
}

/** An error upstream raises as a plain Go error, which reaches the client as a 500 with no reason. */
function internalError(message: string): ApiError {
  return new ApiError(500, '', message);
}

function checkTyped(what: string, object: JsonObject, root: Atom, allowDuplicates: boolean): void {
  const errors = typeErrors(object, root, allowDuplicates);
  if (errors.length === 0) return;
  const detail = errors.length === 1 ? (errors[0] ?? '') : ['errors:', ...errors.map((e) => `  ${e}`)].join('\n');
  throw internalError(`failed to create typed ${what} object (${describe(object)}): ${detail}`);
}

/** Upstream checkName: the applied object must keep the name and namespace of the URL. */
function checkName(object: JsonObject, name: string | undefined, namespace: string | undefined): void {
  if (name === undefined) return;
  const metadata = metadataOf(object);
  const objectName = stringAt(metadata, 'name');
  const objectNamespace = stringAt(metadata, 'namespace');
  if (objectName === '') throw apiErrors.badRequest(`the name of the object (${name} based on URL) was undeterminable: name must be provided`);
  if (objectName !== name) throw apiErrors.badRequest(`the name of the object (${objectName}) does not match the name on the URL (${name})`);
  if (namespace !== undefined && namespace !== '' && objectNamespace !== '' && objectNamespace !== namespace) {
    throw apiErrors.badRequest(`the namespace of the object (${objectNamespace}) does not match the namespace on the request (${namespace})`);
  }
}

function contextOf(group: string, version: string, kind: string, subresource: string | undefined): UpdaterContext {
  return { root: schemaOf(group, version, kind), ignored: resetFields(group, version, kind, subresource) };
}

/** What Go's zero value of the kind serializes to: the "before" of a create. */
function zeroObject(root: Atom, apiVersion: string, kind: string): JsonObject {
  return { apiVersion, kind, ...root.map?.zero() };
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text === '' ? undefined : text;
}

/**
 * Server-side apply (PATCH with `application/apply-patch+yaml`): merges the applied
 * configuration into the live object as structured-merge-diff does, and returns the
 * object to store with `metadata.managedFields` updated. The caller still defaults,
 * validates and stores it (creating it when `live` is undefined).
 *
 * Throws ApiError: 422 for a missing or invalid fieldManager, 400 for a body of the
 * wrong kind or version, with managedFields, or naming another object, 409 listing
 * every conflict (unless `force`), 500 for a body the schema cannot walk.
 */
export function serverSideApply(request: ApplyRequest): JsonObject {
  const manager = applyFieldManager(request.manager);
  const { applied, group, version, kind } = request;
  const apiVersion = apiVersionOf(group, version);
  const subresource = nonEmpty(request.subresource);
  const live = request.live === undefined ? {} : request.live;
  let base: Managed;
  try {
    base = decodeManagedFields(metadataOf(live).managedFields);
  } catch (error) {
    throw internalError(`failed to decode managed fields: ${(error as Error).message}`);
  }
  if (stringAt(applied, 'apiVersion') !== apiVersion || stringAt(applied, 'kind') !== kind) {
    throw apiErrors.badRequest(`invalid object type: ${gvkString(applied)}`);
  }
  const appliedManagedFields = metadataOf(applied).managedFields;
  if (appliedManagedFields !== undefined && appliedManagedFields !== null) throw apiErrors.badRequest('metadata.managedFields must be nil');
  const ctx = contextOf(group, version, kind, subresource);
  const liveObject = withoutManagedFields(live);
  checkTyped('patch', applied, ctx.root, false);
  if (request.live !== undefined) checkTyped('live', liveObject, ctx.root, true);
  const writer: Writer = { manager, apiVersion, subresource, now: request.now };
  const zero = zeroObject(ctx.root, apiVersion, kind);
  let outcome: ApplyOutcome;
  try {
    outcome = applyConfig(ctx, { live: liveObject, config: applied, zero, base, writer, force: request.force });
  } catch (error) {
    if (error instanceof ApplyConflicts) throw conflictError(error.conflicts);
    throw error;
  }
  const changed = withoutNulls(outcome.object === undefined ? liveObject : outcome.object);
  let object: JsonObject = isMap(changed) ? { ...changed } : {};
  if (manager === KUBECTL_MANAGER) object = syncLastApplied(object, applied);
  checkName(object, request.name, request.namespace);
  return withManagedFields(object, encodeManagedFields(outcome.managed));
}

/**
 * Managed-fields tracking for a create, update or non-apply patch: returns `next`
 * with `metadata.managedFields` recording that `manager` now owns every field the
 * write added or changed (all fields it sets, on a create), taken from any other
 * manager. As upstream, a client may replace managedFields in a main-resource write,
 * `[{}]` clears them, an object that has none stays untracked until its first apply,
 * and a failure to compute them keeps the stored ones rather than failing the write.
 */
export function trackUpdate(request: UpdateRequest): JsonObject {
  const { old, next, group, version, kind } = request;
  const apiVersion = apiVersionOf(group, version);
  const subresource = nonEmpty(request.subresource);
  const oldManagedFields = metadataOf(old).managedFields;
  const fromOld = (): Managed => {
    try {
      return decodeManagedFields(oldManagedFields);
    } catch {
      return emptyManaged();
    }
  };
  const requested = metadataOf(next).managedFields;
  let base: Managed;
  if (subresource !== undefined) base = fromOld();
  else if (isResetManagedFields(requested)) base = emptyManaged();
  else {
    try {
      base = decodeManagedFields(requested);
    } catch {
      base = emptyManaged();
    }
    if (base.sets.size === 0) base = fromOld();
  }
  const after = withoutManagedFields(next);
  if (base.sets.size === 0 && old !== undefined && stringAt(metadataOf(old), 'uid') !== '') return after;
  const ctx = contextOf(group, version, kind, subresource);
  const zero = zeroObject(ctx.root, apiVersion, kind);
  const before = old === undefined ? zero : fillAbsent(withoutManagedFields(old), zero);
  try {
    if (typeErrors(before, ctx.root, true).length > 0 || typeErrors(after, ctx.root, true).length > 0) throw new Error('untypeable object');
    const writer = { manager: request.manager, apiVersion, subresource, now: request.now };
    const managed = recordUpdate(ctx, { before, after: fillAbsent(after, zero), base, writer });
    return withManagedFields(after, encodeManagedFields(managed));
  } catch {
    return withManagedFields(after, oldManagedFields ?? undefined);
  }
}
