import type { ResourceInfo } from '../../api/resources.js';
import { DefaultStrategy } from './default-strategy.js';
import { kindStrategyFor } from './kinds/kind-strategies.js';
import type { ResourceStrategy } from './resource-strategy.js';

const cache = new Map<ResourceInfo, ResourceStrategy>();

/** The strategy of a resource: its kind's own (see kinds/), or the default one. */
export function strategyFor(info: ResourceInfo): ResourceStrategy {
  let strategy = cache.get(info);
  if (strategy === undefined) {
    strategy = kindStrategyFor(info) ?? new DefaultStrategy(info);
    cache.set(info, strategy);
  }
  return strategy;
}
