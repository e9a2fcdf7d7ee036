import type { ApiObject } from '../../../api/object.js';
import { validateLabelSelector } from '../../../api/label-selector.js';
import { validateDns1123Subdomain, validatePathSegmentName } from '../../../api/names.js';
import { GoValue } from './go-values.js';
import { ensureObject, objectAt, objectsAt, setDefault } from './json.js';
import { KindStrategy } from './kind-strategy.js';
import type { ObjectReader } from './object-reader.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Upstream's ValidatePolicyRule. */
function checkRules(root: ObjectReader, namespaced: boolean): void {
  for (const rule of root.objects('rules')) {
    const { problems } = rule;
    if (rule.strings('verbs').length === 0) problems.required(rule.at('verbs'), 'verbs must contain at least one value');
    const urls = rule.strings('nonResourceURLs');
    if (urls.length > 0) {
      if (namespaced) problems.invalid(rule.at('nonResourceURLs'), urls, 'namespaced rules cannot apply to non-resource URLs');
      if (rule.strings('apiGroups').length > 0 || rule.strings('resources').length > 0 || rule.strings('resourceNames').length > 0) {
        problems.invalid(rule.at('nonResourceURLs'), urls, 'rules cannot apply to both regular resources and non-resource URLs');
      }
      continue;
    }
    if (rule.strings('apiGroups').length === 0) problems.required(rule.at('apiGroups'), 'resource rules must supply at least one api group');
    if (rule.strings('resources').length === 0) problems.required(rule.at('resources'), 'resource rules must supply at least one resource');
  }
}

/** Roles and ClusterRoles (with a ClusterRole's aggregation rule). */
export class RoleStrategy extends KindStrategy {
  protected override check(root: ObjectReader, _old: ApiObject | undefined): void {
    checkRules(root, this.info.namespaced);
    const aggregation = root.object('aggregationRule');
    if (aggregation === undefined || this.info.namespaced) return;
    const selectors = aggregation.list('clusterRoleSelectors');
    if (selectors.length === 0) aggregation.problems.required(aggregation.at('clusterRoleSelectors'), 'at least one clusterRoleSelector required if aggregationRule is non-nil');
    selectors.forEach((selector, index) => { aggregation.problems.add(...validateLabelSelector(selector, aggregation.at('clusterRoleSelectors').index(index))); });
  }
}

function roleRefText(ref: Record<string, unknown> | undefined): GoValue {
  const text = (key: string): string => JSON.stringify(typeof ref?.[key] === 'string' ? ref[key] : '');
  return new GoValue(`rbac.RoleRef{APIGroup:${text('apiGroup')}, Kind:${text('kind')}, Name:${text('name')}}`);
}

function checkSubject(subject: ObjectReader, namespaced: boolean): void {
  const { problems } = subject;
  const name = subject.string('name');
  const apiGroup = subject.string('apiGroup');
  if (name === '') problems.required(subject.at('name'));
  switch (subject.string('kind')) {
    case 'ServiceAccount':
      if (name !== '') problems.invalidEach(subject.at('name'), name, validateDns1123Subdomain(name));
      if (apiGroup !== '') problems.notSupported(subject.at('apiGroup'), apiGroup, ['']);
      if (!namespaced && subject.string('namespace') === '') problems.required(subject.at('namespace'));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== RBAC_GROUP) problems.notSupported(subject.at('apiGroup'), apiGroup, [RBAC_GROUP]);
      break;
    default:
      problems.notSupported(subject.at('kind'), subject.string('kind'), ['ServiceAccount', 'User', 'Group']);
  }
}

/** RoleBindings and ClusterRoleBindings: upstream's defaults, ValidateRoleBinding and a fixed roleRef. */
export class RoleBindingStrategy extends KindStrategy {
  override applyDefaults(object: ApiObject): void {
    const roleRef = ensureObject(object, 'roleRef');
    if (roleRef !== undefined) setDefault(roleRef, 'apiGroup', RBAC_GROUP);
    for (const subject of objectsAt(object, 'subjects')) {
      if ((subject['kind'] === 'User' || subject['kind'] === 'Group') && (subject['apiGroup'] === undefined || subject['apiGroup'] === '')) {
        subject['apiGroup'] = RBAC_GROUP;
      }
    }
  }

  protected override check(root: ObjectReader, old: ApiObject | undefined): void {
    const roleRef = root.struct('roleRef');
    const { problems } = roleRef;
    const apiGroup = roleRef.string('apiGroup');
    if (apiGroup !== RBAC_GROUP) problems.notSupported(roleRef.at('apiGroup'), apiGroup, [RBAC_GROUP]);
    const kind = roleRef.string('kind');
    const kinds = this.info.namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
    if (!kinds.includes(kind)) problems.notSupported(roleRef.at('kind'), kind, kinds);
    const name = roleRef.string('name');
    if (name === '') problems.required(roleRef.at('name'));
    else problems.invalidEach(roleRef.at('name'), name, validatePathSegmentName(name));
    for (const subject of root.objects('subjects')) checkSubject(subject, this.info.namespaced);
    if (old === undefined) return;
    const oldRef = objectAt(old, 'roleRef') ?? {};
    const changed = ['apiGroup', 'kind', 'name'].some((key) => roleRef.string(key) !== (oldRef[key] ?? ''));
    if (changed) problems.invalid(root.at('roleRef'), roleRefText(roleRef.fields), 'cannot change roleRef');
  }
}
