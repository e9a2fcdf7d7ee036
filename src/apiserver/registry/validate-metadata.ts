import type { FieldError } from '../../api/field-errors.js';
import { fieldErrorBody } from '../../api/field-errors.js';
import type { ApiObject } from '../../api/object.js';
import { type NameRule, validateObjectMeta, validateObjectMetaUpdate } from '../../api/object-meta-validation.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { StrategyFieldError } from './resource-strategy.js';

/** Kinds (`group/resource`) whose names follow another rule than DNS subdomains (as upstream). */
const NAME_RULES: Readonly<Record<string, NameRule>> = {
  '/namespaces': 'label',
  '/services': 'dns1035Label',
  'apps/statefulsets': 'label',
  'rbac.authorization.k8s.io/roles': 'pathSegment',
  'rbac.authorization.k8s.io/rolebindings': 'pathSegment',
  'rbac.authorization.k8s.io/clusterroles': 'pathSegment',
  'rbac.authorization.k8s.io/clusterrolebindings': 'pathSegment',
};

export function toStrategyErrors(errors: readonly FieldError[]): StrategyFieldError[] {
  return errors.map((error) => ({ type: error.type, field: error.field, message: fieldErrorBody(error) }));
}

export function validateMetadata(object: ApiObject, info: ResourceInfo): StrategyFieldError[] {
  return toStrategyErrors(
    validateObjectMeta(object.metadata, {
      namespaced: info.namespaced,
      nameRule: NAME_RULES[`${info.group}/${info.resource}`] ?? 'subdomain',
    }),
  );
}

export function validateMetadataUpdate(object: ApiObject, old: ApiObject): StrategyFieldError[] {
  return toStrategyErrors(validateObjectMetaUpdate(object.metadata, old.metadata));
}
