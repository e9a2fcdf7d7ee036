import type { ApiObject } from '../../../api/object.js';
import type { Quantity } from '../../../api/quantity.js';
import { validateQualifiedName } from '../../../api/names.js';
import { ensureObject, objectAt, objectsAt, setDefault } from './json.js';
import { KindStrategy } from './kind-strategy.js';
import type { ObjectReader } from './object-reader.js';
import { canonicalizeQuantities, readQuantity } from './quantities.js';
import { checkResourceName, checkResourceQuantity, isOvercommitAllowed } from './resource-names.js';

const LIMIT_TYPES = ['Pod', 'Container', 'PersistentVolumeClaim'];
const LISTS = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;
type ListName = (typeof LISTS)[number];

function readList(item: ObjectReader, list: ListName): Map<string, Quantity> {
  const quantities = new Map<string, Quantity>();
  for (const [name, value] of Object.entries(item.object(list)?.fields ?? {})) {
    const path = item.at(list).key(name);
    checkResourceName(item.problems, path, name);
    const quantity = readQuantity(item.problems, path, value);
    if (quantity === undefined) continue;
    checkResourceQuantity(item.problems, path, name, quantity);
    quantities.set(name, quantity);
  }
  return quantities;
}

function checkItem(item: ObjectReader, types: Set<string>): void {
  const { problems } = item;
  const type = item.string('type');
  const typeErrors = validateQualifiedName(type);
  problems.invalidEach(item.at('type'), type, typeErrors);
  if (typeErrors.length === 0 && !type.includes('/') && !LIMIT_TYPES.includes(type)) problems.invalid(item.at('type'), type, 'must be a standard limit type or fully qualified');
  if (types.has(type)) problems.duplicate(item.at('type'), type);
  types.add(type);
  const lists: Partial<Record<ListName, Map<string, Quantity>>> = {};
  for (const list of LISTS) {
    if (type === 'Pod' && (list === 'default' || list === 'defaultRequest')) {
      if (Object.keys(item.object(list)?.fields ?? {}).length > 0) problems.forbidden(item.at(list), "may not be specified when `type` is 'Pod'");
      continue;
    }
    lists[list] = readList(item, list);
  }
  if (type === 'PersistentVolumeClaim' && lists.min?.get('storage') === undefined && lists.max?.get('storage') === undefined) {
    problems.required(item.at('limits'), 'either minimum or maximum storage value is required, but neither was provided');
  }
  const names = new Set(LISTS.flatMap((list) => [...(lists[list]?.keys() ?? [])]));
  for (const name of names) {
    const [max, min, limit, request, ratio] = LISTS.map((list) => lists[list]?.get(name));
    const at = (list: ListName) => item.at(list).key(name);
    if (min !== undefined && max !== undefined && min.cmp(max) > 0) problems.invalid(at('min'), min.toString(), `min value ${min.toString()} is greater than max value ${max.toString()}`);
    if (request !== undefined && min !== undefined && min.cmp(request) > 0) problems.invalid(at('defaultRequest'), request.toString(), `min value ${min.toString()} is greater than default request value ${request.toString()}`);
    if (request !== undefined && max !== undefined && request.cmp(max) > 0) problems.invalid(at('defaultRequest'), request.toString(), `default request value ${request.toString()} is greater than max value ${max.toString()}`);
    if (request !== undefined && limit !== undefined && request.cmp(limit) > 0) problems.invalid(at('defaultRequest'), request.toString(), `default request value ${request.toString()} is greater than default limit value ${limit.toString()}`);
    if (limit !== undefined && min !== undefined && min.cmp(limit) > 0) problems.invalid(at('default'), min.toString(), `min value ${min.toString()} is greater than default value ${limit.toString()}`);
    if (limit !== undefined && max !== undefined && limit.cmp(max) > 0) problems.invalid(at('default'), max.toString(), `default value ${limit.toString()} is greater than max value ${max.toString()}`);
    if (ratio !== undefined && ratio.nanoValue() < 1_000_000_000n) problems.invalid(at('maxLimitRequestRatio'), ratio.toString(), `ratio ${ratio.toString()} is less than 1`);
    if (ratio !== undefined && min !== undefined && max !== undefined && min.sign() > 0) {
      const maxRatio = Number(max.nanoValue()) / Number(min.nanoValue());
      if (Number(ratio.nanoValue()) / 1e9 > maxRatio) problems.invalid(at('maxLimitRequestRatio'), ratio.toString(), `ratio ${ratio.toString()} is greater than max/min = ${maxRatio.toFixed(6)}`);
    }
    if (!isOvercommitAllowed(name) && limit !== undefined && request !== undefined && limit.cmp(request) !== 0) {
      problems.invalid(at('defaultRequest'), request.toString(), `default value ${limit.toString()} must equal to defaultRequest value ${request.toString()} in ${name}`);
    }
  }
}

/** LimitRanges: upstream's SetDefaults_LimitRangeItem and ValidateLimitRange. */
export class LimitRangeStrategy extends KindStrategy {
  override applyDefaults(object: ApiObject): void {
    for (const item of objectsAt(objectAt(object, 'spec') ?? {}, 'limits')) {
      for (const list of LISTS) canonicalizeQuantities(item[list]);
      if (item['type'] !== 'Container') continue;
      const max = objectAt(item, 'max') ?? {};
      const min = objectAt(item, 'min') ?? {};
      const limits = { ...max, ...(objectAt(item, 'default') ?? {}) };
      const requests = { ...min, ...limits, ...(objectAt(item, 'defaultRequest') ?? {}) };
      if (Object.keys(limits).length > 0) item['default'] = limits;
      if (Object.keys(requests).length > 0) {
        const target = ensureObject(item, 'defaultRequest');
        if (target !== undefined) for (const [name, value] of Object.entries(requests)) setDefault(target, name, value);
      }
    }
  }

  protected override check(root: ObjectReader, _old: ApiObject | undefined): void {
    const types = new Set<string>();
    for (const item of root.struct('spec').objects('limits')) checkItem(item, types);
  }
}
