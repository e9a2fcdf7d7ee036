import type { Node } from '../../api/kinds.js';
import { resourceOf } from '../../client/api-client.js';
import { isNotFound } from '../../client/api-status-error.js';
import type { ControllerSpec } from '../runtime/controller-spec.js';
import { enqueueObject } from '../runtime/enqueue-handlers.js';
import type { ReconcileResult } from '../runtime/reconciler.js';
import { CidrAllocator } from './cidr-allocator.js';

const NODES = resourceOf('v1', 'Node');

export interface NodeIpamOptions {
  /** Default 10.42.0.0/16. */
  readonly clusterCidr?: string;
  /** Default 24. */
  readonly nodeMaskSize?: number;
}

/**
 * Gives every Node without one a spec.podCIDR (and podCIDRs) from the cluster CIDR,
 * as upstream's node IPAM controller with the range allocator does. CIDRs of
 * existing nodes are taken before any is handed out; a deleted node's is freed.
 */
export function nodeIpamController(options: NodeIpamOptions = {}): ControllerSpec {
  return {
    name: 'node-ipam',
    workers: 1,
    create: (context, queue) => {
      const nodes = context.informers.informerFor<Node>(NODES);
      const allocator = new CidrAllocator(options.clusterCidr ?? '10.42.0.0/16', options.nodeMaskSize ?? 24);
      const occupied = new Map<string, string>();
      let seeded = false;
      const occupy = (node: Node): void => {
        const cidr = node.spec?.podCIDR;
        if (cidr === undefined || cidr === '') return;
        occupied.set(node.metadata.name ?? '', cidr);
        allocator.occupy(cidr);
      };
      nodes.addHandler({
        ...enqueueObject(queue),
        onDelete: (node) => {
          const cidr = occupied.get(node.metadata.name ?? '');
          if (cidr === undefined) return;
          occupied.delete(node.metadata.name ?? '');
          allocator.release(cidr);
        },
      });
      return {
        reconcile: async (key): Promise<ReconcileResult | undefined> => {
          if (!seeded) {
            for (const node of nodes.list()) occupy(node);
            seeded = true;
          }
          const node = nodes.get(undefined, key);
          if (node === undefined) return undefined;
          if (node.spec?.podCIDR !== undefined && node.spec.podCIDR !== '') {
            occupy(node);
            return undefined;
          }
          const cidr = allocator.allocate();
          if (cidr === undefined) {
            context.recorder.event({ ...node, apiVersion: 'v1', kind: 'Node' }, 'Warning', 'CIDRNotAvailable', `Node ${key} status is now: CIDRNotAvailable`);
            return { requeueAfterMs: 30_000 };
          }
          try {
            await context.client.patch(NODES, undefined, key, 'merge', { spec: { podCIDR: cidr, podCIDRs: [cidr] } });
          } catch (error) {
            allocator.release(cidr);
            if (isNotFound(error)) return undefined;
            throw error;
          }
          occupied.set(key, cidr);
          context.logger.info('assigned a pod CIDR to a node', { node: key, podCIDR: cidr });
          return undefined;
        },
      };
    },
  };
}
