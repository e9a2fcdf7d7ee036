import type { FieldPath } from '../../../api/field-path.js';
import type { Quantity } from '../../../api/quantity.js';
import type { ObjectReader } from './object-reader.js';
import type { Problems } from './problems.js';
import { readQuantity } from './quantities.js';
import { checkContainerResourceName, checkResourceQuantity, isHugePages, isOvercommitAllowed } from './resource-names.js';

const QOS_RESOURCES = new Set(['cpu', 'memory']);

/** Upstream's ValidateContainerResourceRequirements: names, quantities, requests <= limits. */
export function checkResourceRequirements(problems: Problems, resources: ObjectReader | undefined): void {
  if (resources === undefined) return;
  const limitsPath = resources.at('limits');
  const requestsPath = resources.at('requests');
  const limits = new Map<string, Quantity>();
  let qosLimit = false;
  let qosRequest = false;
  let hugePages = false;
  for (const [name, value] of Object.entries(resources.object('limits')?.fields ?? {})) {
    const quantity = readEntry(problems, limitsPath.key(name), name, value);
    if (quantity !== undefined) limits.set(name, quantity);
    if (isHugePages(name)) hugePages = true;
    if (QOS_RESOURCES.has(name)) qosLimit = true;
  }
  for (const [name, value] of Object.entries(resources.object('requests')?.fields ?? {})) {
    const quantity = readEntry(problems, requestsPath.key(name), name, value);
    const limit = limits.get(name);
    if (quantity !== undefined && limit !== undefined) {
      if (quantity.cmp(limit) !== 0 && !isOvercommitAllowed(name)) {
        problems.invalid(requestsPath, quantity.toString(), `must be equal to ${name} limit of ${limit.toString()}`);
      } else if (quantity.cmp(limit) > 0) {
        problems.invalid(requestsPath, quantity.toString(), `must be less than or equal to ${name} limit of ${limit.toString()}`);
      }
    } else if (limit === undefined && !isOvercommitAllowed(name)) {
      problems.required(limitsPath, 'Limit must be set for non overcommitable resources');
    }
    if (isHugePages(name)) hugePages = true;
    if (QOS_RESOURCES.has(name)) qosRequest = true;
  }
  if (!qosLimit && !qosRequest && hugePages) problems.forbidden(resources.path, 'HugePages require cpu or memory');
}

function readEntry(problems: Problems, path: FieldPath, name: string, value: unknown): Quantity | undefined {
  checkContainerResourceName(problems, path, name);
  const quantity = readQuantity(problems, path, value);
  if (quantity !== undefined) checkResourceQuantity(problems, path, name, quantity);
  return quantity;
}
