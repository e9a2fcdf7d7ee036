import type { FieldError } from './field-errors.js';
import { forbidden, invalid, required, typeInvalid } from './field-errors.js';
import { FieldPath } from './field-path.js';
import { goValue } from './go-format.js';
import { validateAnnotations, validateLabels, validateQualifiedNameList } from './labels-validation.js';
import {
  validateDns1035Label,
  validateDns1123Label,
  validateDns1123Subdomain,
  validatePathSegmentName,
  validatePathSegmentPrefix,
} from './names.js';
import { isPlainObject } from './object.js';
import { validateOwnerReferences } from './owner-references-validation.js';

/** Which rule a kind's names follow: most are subdomains, Namespaces labels, Services DNS-1035 labels. */
export type NameRule = 'subdomain' | 'label' | 'dns1035Label' | 'pathSegment';

export interface ObjectMetaOptions {
  readonly namespaced: boolean;
  readonly nameRule: NameRule;
  /** Where the metadata sits; `metadata` unless given. */
  readonly path?: FieldPath;
}

const FINALIZER_ORPHAN = 'orphan';
const FINALIZER_FOREGROUND = 'foregroundDeletion';

/**
 * Upstream's maskTrailingDash, quirk included (it drops the character before the
 * dash too): a generateName may end in '-' because a random suffix follows.
 */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

/** The messages for a name (or, with `prefix`, a generateName) under a rule. */
export function validateName(rule: NameRule, name: string, prefix: boolean): string[] {
  switch (rule) {
    case 'pathSegment':
      return prefix ? validatePathSegmentPrefix(name) : validatePathSegmentName(name);
    case 'label':
      return validateDns1123Label(prefix ? maskTrailingDash(name) : name);
    case 'dns1035Label':
      return validateDns1035Label(prefix ? maskTrailingDash(name) : name);
    case 'subdomain':
      return validateDns1123Subdomain(prefix ? maskTrailingDash(name) : name);
  }
}

/** Every problem with an object's metadata on create (and, with the update checks, on update). */
export function validateObjectMeta(meta: unknown, options: ObjectMetaOptions): FieldError[] {
  const path = options.path ?? FieldPath.root('metadata');
  if (meta !== undefined && meta !== null && !isPlainObject(meta)) return [typeInvalid(path, meta, 'must be an object')];
  const fields = meta ?? {};
  const errors: FieldError[] = [];
  const text = (field: string): string => {
    const value = fields[field];
    if (value === undefined || value === null) return '';
    if (typeof value === 'string') return value;
    errors.push(typeInvalid(path.child(field), value, 'must be a string'));
    return '';
  };
  const name = text('name');
  const generateName = text('generateName');
  const namespace = text('namespace');

  if (generateName !== '') {
    for (const message of validateName(options.nameRule, generateName, true)) {
      errors.push(invalid(path.child('generateName'), generateName, message));
    }
  }
  if (name === '' && generateName === '') {
    errors.push(required(path.child('name'), 'name or generateName is required'));
  } else if (name !== '') {
    for (const message of validateName(options.nameRule, name, false)) errors.push(invalid(path.child('name'), name, message));
  }

  if (options.namespaced) {
    if (namespace === '') errors.push(required(path.child('namespace')));
    for (const message of namespace === '' ? [] : validateDns1123Label(namespace)) {
      errors.push(invalid(path.child('namespace'), namespace, message));
    }
  } else if (namespace !== '') {
    errors.push(forbidden(path.child('namespace'), 'not allowed on this type'));
  }

  const generation = fields['generation'];
  if (generation !== undefined && generation !== null) {
    if (typeof generation !== 'number' || !Number.isInteger(generation)) {
      errors.push(typeInvalid(path.child('generation'), generation, 'must be an integer'));
    } else if (generation < 0) {
      errors.push(invalid(path.child('generation'), generation, 'must be greater than or equal to 0'));
    }
  }
  errors.push(...validateLabels(fields['labels'], path.child('labels')));
  errors.push(...validateAnnotations(fields['annotations'], path.child('annotations')));
  errors.push(...validateOwnerReferences(fields['ownerReferences'], path.child('ownerReferences')));
  errors.push(...validateFinalizers(fields['finalizers'], path.child('finalizers')));
  return errors;
}

function validateFinalizers(finalizers: unknown, path: FieldPath): FieldError[] {
  const errors = validateQualifiedNameList(finalizers, path);
  if (Array.isArray(finalizers) && finalizers.includes(FINALIZER_ORPHAN) && finalizers.includes(FINALIZER_FOREGROUND)) {
    const detail = `finalizer ${FINALIZER_ORPHAN} and ${FINALIZER_FOREGROUND} cannot be both set`;
    errors.push(invalid(path, finalizers, detail));
  }
  return errors;
}

/**
 * What an update may not change: name, namespace, uid and creationTimestamp, and no
 * new finalizers once deletion has begun. An update that leaves out uid or
 * creationTimestamp keeps the old ones (upstream's BeforeUpdate copies them over).
 */
export function validateObjectMetaUpdate(newMeta: unknown, oldMeta: unknown, path = FieldPath.root('metadata')): FieldError[] {
  const next = isPlainObject(newMeta) ? newMeta : {};
  const old = isPlainObject(oldMeta) ? oldMeta : {};
  const errors: FieldError[] = [];
  for (const field of ['name', 'namespace', 'uid', 'creationTimestamp']) {
    const value = next[field] ?? '';
    const carriedOver = value === '' && (field === 'uid' || field === 'creationTimestamp');
    if (!carriedOver && value !== (old[field] ?? '')) errors.push(invalid(path.child(field), value, 'field is immutable'));
  }
  const deleting = old['deletionTimestamp'] !== undefined && old['deletionTimestamp'] !== null;
  if (deleting) {
    const before = new Set(stringList(old['finalizers']));
    const added = [...new Set(stringList(next['finalizers']).filter((finalizer) => !before.has(finalizer)))].sort();
    if (added.length > 0) {
      const detail = `no new finalizers can be added if the object is being deleted, found new finalizers ${goValue(added)}`;
      errors.push(forbidden(path.child('finalizers'), detail));
    }
  }
  return errors;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
