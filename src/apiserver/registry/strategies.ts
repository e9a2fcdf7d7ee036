import type { ApiObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';
import { DefaultStrategy } from './default-strategy.js';
import type { ResourceStrategy } from './resource-strategy.js';

class NamespaceStrategy extends DefaultStrategy {
  override applyDefaults(object: ApiObject): void {
    const status = isPlainObject(object.status) ? object.status : {};
    status.phase = object.metadata.deletionTimestamp === undefined ? 'Active' : 'Terminating';
    object.status = status;
    object.metadata.labels = { ...object.metadata.labels, 'kubernetes.io/metadata.name': object.metadata.name ?? '' };
  }
}

class SecretStrategy extends DefaultStrategy {
  override applyDefaults(object: ApiObject): void {
    object.type ??= 'Opaque';
  }
}

const cache = new Map<ResourceInfo, ResourceStrategy>();

/** The strategy of a resource. */
export function strategyFor(info: ResourceInfo): ResourceStrategy {
  let strategy = cache.get(info);
  if (strategy === undefined) {
    strategy =
      info.resource === 'namespaces' && info.group === ''
        ? new NamespaceStrategy(info)
        : info.resource === 'secrets' && info.group === ''
          ? new SecretStrategy(info)
          : new DefaultStrategy(info);
    cache.set(info, strategy);
  }
  return strategy;
}
