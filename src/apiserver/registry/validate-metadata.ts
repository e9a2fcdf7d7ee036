import type { FieldError } from '../../api/field-errors.js';
import { fieldErrorBody } from '../../api/field-errors.js';
import type { ApiObject } from '../../api/object.js';
import { type NameRule, validateObjectMeta, validateObjectMetaUpdate } from '../../api/object-meta-validation.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { StrategyFieldError } from './resource-strategy.js';

/** Core kinds whose names follow a stricter rule than DNS subdomains (as upstream). */
const NAME_RULES: Record<string, NameRule> = { namespaces: 'label', services: 'dns1035Label' };

export function toStrategyErrors(errors: readonly FieldError[]): StrategyFieldError[] {
  return errors.map((error) => ({ type: error.type, field: error.field, message: fieldErrorBody(error) }));
}

export function validateMetadata(object: ApiObject, info: ResourceInfo): StrategyFieldError[] {
  return toStrategyErrors(
    validateObjectMeta(object.metadata, {
      namespaced: info.namespaced,
      nameRule: (info.group === '' ? NAME_RULES[info.resource] : undefined) ?? 'subdomain',
    }),
  );
}

export function validateMetadataUpdate(object: ApiObject, old: ApiObject): StrategyFieldError[] {
  return toStrategyErrors(validateObjectMetaUpdate(object.metadata, old.metadata));
}
