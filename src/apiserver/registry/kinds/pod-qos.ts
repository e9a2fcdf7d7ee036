import type { Quantity } from '../../../api/quantity.js';
import { type Json, objectAt, objectsAt } from './json.js';
import { quantityOf } from './quantities.js';

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const QOS_RESOURCES = ['cpu', 'memory'];

function addPositive(totals: Map<string, Quantity>, list: Json | undefined, found?: Set<string>): void {
  for (const name of QOS_RESOURCES) {
    const quantity = quantityOf(list?.[name]);
    if (quantity === undefined || quantity.sign() <= 0) continue;
    found?.add(name);
    const total = totals.get(name);
    totals.set(name, total === undefined ? quantity : total.add(quantity));
  }
}

/** Upstream's ComputePodQOS over a defaulted pod spec (requests already defaulted from limits). */
export function podQos(spec: Json): QosClass {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  for (const container of [...objectsAt(spec, 'containers'), ...objectsAt(spec, 'initContainers')]) {
    const resources = objectAt(container, 'resources');
    addPositive(requests, resources === undefined ? undefined : objectAt(resources, 'requests'));
    const found = new Set<string>();
    addPositive(limits, resources === undefined ? undefined : objectAt(resources, 'limits'), found);
    if (!QOS_RESOURCES.every((name) => found.has(name))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, request] of requests) {
      const limit = limits.get(name);
      if (limit === undefined || limit.cmp(request) !== 0) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
