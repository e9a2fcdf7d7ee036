import type { FieldError } from './field-errors.js';
import { invalid, typeInvalid } from './field-errors.js';
import type { FieldPath } from './field-path.js';
import { isPlainObject } from './object.js';

/** Kinds that may never own anything, as `group/version, Kind=kind`. */
const BANNED_OWNERS = new Set(['/v1, Kind=Event']);

/**
 * Every problem with metadata.ownerReferences. As upstream, per-reference errors
 * name `ownerReferences.<field>` without an index.
 */
export function validateOwnerReferences(references: unknown, path: FieldPath): FieldError[] {
  if (references === undefined || references === null) return [];
  if (!Array.isArray(references)) return [typeInvalid(path, references, 'must be an array')];
  const errors: FieldError[] = [];
  let firstController: string | undefined;
  references.forEach((reference: unknown, index) => {
    if (!isPlainObject(reference)) {
      errors.push(typeInvalid(path.index(index), reference, 'must be an object'));
      return;
    }
    errors.push(...validateOwnerReference(reference, path));
    if (reference['controller'] !== true) return;
    const controller = `${stringField(reference, 'kind')}/${stringField(reference, 'name')}`;
    if (firstController === undefined) {
      firstController = controller;
      return;
    }
    const detail = `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${controller}`;
    errors.push(invalid(path, references, detail));
  });
  return errors;
}

function validateOwnerReference(reference: Record<string, unknown>, path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['apiVersion', 'kind', 'name', 'uid']) {
    const value = reference[field];
    if (value !== undefined && typeof value !== 'string') errors.push(typeInvalid(path.child(field), value, 'must be a string'));
  }
  const apiVersion = stringField(reference, 'apiVersion');
  const kind = stringField(reference, 'kind');
  const { group, version } = parseGroupVersion(apiVersion);
  if (version === '') errors.push(invalid(path.child('apiVersion'), apiVersion, 'version must not be empty'));
  if (kind === '') errors.push(invalid(path.child('kind'), kind, 'must not be empty'));
  for (const field of ['name', 'uid']) {
    const value = stringField(reference, field);
    if (value === '') errors.push(invalid(path.child(field), value, 'must not be empty'));
  }
  const gvk = `${group}/${version}, Kind=${kind}`;
  if (BANNED_OWNERS.has(gvk)) errors.push(invalid(path, reference, `${gvk} is disallowed from being an owner`));
  return errors;
}

/** As upstream's schema.ParseGroupVersion; an unparsable string has an empty version. */
function parseGroupVersion(apiVersion: string): { group: string; version: string } {
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion };
  if (parts.length === 2) return { group: parts[0] ?? '', version: parts[1] ?? '' };
  return { group: '', version: '' };
}

function stringField(object: Record<string, unknown>, field: string): string {
  const value = object[field];
  return typeof value === 'string' ? value : '';
}
