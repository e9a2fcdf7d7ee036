import type { FieldPath } from '../../../api/field-path.js';
import { validateQualifiedName } from '../../../api/names.js';
import type { Quantity } from '../../../api/quantity.js';
import type { Problems } from './problems.js';

const STANDARD_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu',
  'limits.memory', 'limits.ephemeral-storage', 'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets',
  'persistentvolumeclaims', 'storage', 'requests.storage', 'services.nodeports', 'services.loadbalancers', 'configmaps',
]);
const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD_QUOTA_RESOURCES = new Set([
  'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers', 'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory',
  'requests.storage', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
]);
const INTEGER_RESOURCES = new Set([
  'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers',
]);

export function isHugePages(name: string): boolean {
  return name.startsWith('hugepages-');
}

function isNative(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

function isExtended(name: string): boolean {
  return !isNative(name) && !name.startsWith('requests.') && validateQualifiedName(`requests.${name}`).length === 0;
}

/** Whether requests may be below limits (upstream's IsOvercommitAllowed). */
export function isOvercommitAllowed(name: string): boolean {
  return isNative(name) && !isHugePages(name);
}

function isStandard(name: string): boolean {
  return STANDARD_RESOURCES.has(name) || isHugePages(name) || name.startsWith('requests.hugepages-') || name.startsWith('limits.hugepages-');
}

/** Upstream's validateResourceName; true when the name is acceptable. */
export function checkResourceName(problems: Problems, path: FieldPath, name: string): boolean {
  const before = problems.count;
  const messages = validateQualifiedName(name);
  problems.invalidEach(path, name, messages);
  if (messages.length === 0 && !name.includes('/') && !isStandard(name)) {
    problems.invalid(path, name, 'must be a standard resource type or fully qualified');
  }
  return problems.count === before;
}

/** Upstream's validateContainerResourceName. */
export function checkContainerResourceName(problems: Problems, path: FieldPath, name: string): void {
  checkResourceName(problems, path, name);
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name)) problems.invalid(path, name, 'must be a standard resource for containers');
  } else if (!isNative(name) && !isExtended(name)) {
    problems.invalid(path, name, "doesn't follow extended resource name standard");
  }
}

/** Upstream's ValidateResourceQuotaResourceName. */
export function checkQuotaResourceName(problems: Problems, path: FieldPath, name: string): void {
  checkResourceName(problems, path, name);
  const standard = STANDARD_QUOTA_RESOURCES.has(name) || name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');
  if (!name.includes('/') && !standard) problems.invalid(path, name, 'must be a standard resource for quota');
}

/** Upstream's ValidateResourceQuantityValue: not negative, and whole for countable resources. */
export function checkResourceQuantity(problems: Problems, path: FieldPath, name: string, quantity: Quantity): void {
  if (quantity.sign() < 0) problems.invalid(path, quantity.toString(), 'must be greater than or equal to 0');
  const integral = INTEGER_RESOURCES.has(name) || isExtended(name);
  if (integral && quantity.nanoValue() % 1_000_000_000n !== 0n) problems.invalid(path, quantity.toString(), 'must be an integer');
}
