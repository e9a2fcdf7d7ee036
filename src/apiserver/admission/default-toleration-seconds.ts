import type { ApiObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { AdmissionPlugin } from './admission-plugin.js';

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

/**
 * Upstream's DefaultTolerationSeconds: every pod that does not already tolerate the
 * not-ready / unreachable NoExecute taints tolerates them for a while, so a node's
 * short outage does not evict its pods at once.
 */
export function defaultTolerationSeconds(options: { notReadySeconds: number; unreachableSeconds: number }): AdmissionPlugin {
  return {
    name: 'DefaultTolerationSeconds',
    admitCreate(info: ResourceInfo, object: ApiObject): void {
      if (info.group !== '' || info.resource !== 'pods') return;
      const spec = isPlainObject(object.spec) ? object.spec : undefined;
      if (spec === undefined) return;
      const tolerations = Array.isArray(spec.tolerations) ? (spec.tolerations as unknown[]).filter(isPlainObject) : [];
      const added = [
        ...(toleratesNoExecute(tolerations, NOT_READY) ? [] : [toleration(NOT_READY, options.notReadySeconds)]),
        ...(toleratesNoExecute(tolerations, UNREACHABLE) ? [] : [toleration(UNREACHABLE, options.unreachableSeconds)]),
      ];
      if (added.length > 0) spec.tolerations = [...tolerations, ...added];
    },
  };
}

function toleratesNoExecute(tolerations: readonly Record<string, unknown>[], key: string): boolean {
  return tolerations.some((entry) => {
    const effect = entry.effect ?? '';
    const matchesKey = entry.key === key || ((entry.key ?? '') === '' && entry.operator === 'Exists');
    return matchesKey && (effect === '' || effect === 'NoExecute');
  });
}

function toleration(key: string, seconds: number): Record<string, unknown> {
  return { key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds };
}
