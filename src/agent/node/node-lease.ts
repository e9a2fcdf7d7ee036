import type { Lease } from '../../api/kinds.js';
import { resourceOf, type ApiClient } from '../../client/api-client.js';
import { isAlreadyExists, isConflict, isNotFound } from '../../client/api-status-error.js';
import { rfc3339micro } from '../../client/micro-time.js';
import type { Clock } from '../../util/clock.js';

const LEASES = resourceOf('coordination.k8s.io/v1', 'Lease');
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** The node's heartbeat: a Lease in kube-node-lease named like the node, owned by the Node. */
export class NodeLease {
  readonly #client: ApiClient;
  readonly #clock: Clock;
  readonly #nodeName: string;
  readonly #durationSeconds: number;
  #lease: Lease | undefined;

  constructor(options: { client: ApiClient; clock: Clock; nodeName: string; durationSeconds: number }) {
    this.#client = options.client;
    this.#clock = options.clock;
    this.#nodeName = options.nodeName;
    this.#durationSeconds = options.durationSeconds;
  }

  async renew(nodeUid: string): Promise<void> {
    const renewTime = rfc3339micro(this.#clock.now());
    if (this.#lease !== undefined) {
      try {
        this.#lease = await this.#client.update(LEASES, { ...this.#lease, spec: { ...this.#lease.spec, renewTime } });
        return;
      } catch (error) {
        if (!isConflict(error) && !isNotFound(error)) throw error;
        this.#lease = undefined;
      }
    }
    const spec = { holderIdentity: this.#nodeName, leaseDurationSeconds: this.#durationSeconds, renewTime };
    try {
      this.#lease = await this.#client.create<Lease>(LEASES, {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name: this.#nodeName,
          namespace: NODE_LEASE_NAMESPACE,
          ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.#nodeName, uid: nodeUid }],
        },
        spec,
      });
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      const existing = await this.#client.get<Lease>(LEASES, NODE_LEASE_NAMESPACE, this.#nodeName);
      this.#lease = await this.#client.update(LEASES, { ...existing, spec: { ...existing.spec, ...spec } });
    }
  }
}
