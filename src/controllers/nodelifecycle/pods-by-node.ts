import type { Pod } from '../../api/kinds.js';
import type { Informer } from '../../client/informer.js';

/** The name of the pod informer index on `spec.nodeName`. */
export const POD_NODE_INDEX = 'spec.nodeName';

/** Adds the node-name index to the shared pod informer (idempotent). */
export function indexPodsByNode(pods: Informer<Pod>): void {
  pods.addIndex(POD_NODE_INDEX, (pod) => {
    const node = pod.spec?.nodeName;
    return node === undefined || node === '' ? [] : [node];
  });
}
