import type { Lease, Node } from '../../api/kinds.js';
import { conditionOf } from './node-taints.js';

interface Observation {
  heartbeat: string | undefined;
  renewTime: string | undefined;
  probedAt: number;
  readyStatus: string | undefined;
}

/**
 * When this controller last saw each node's kubelet report, by its own clock: the
 * time it observed a new Lease renewTime or Ready heartbeat, as upstream does, so
 * clock skew between nodes and the controller does not matter. A node seen for the
 * first time counts as just probed.
 */
export class NodeHealth {
  readonly #observations = new Map<string, Observation>();

  /** Records what the caches show now; returns when the kubelet was last heard from. */
  observe(node: Node, lease: Lease | undefined, now: number): number {
    const name = node.metadata.name ?? '';
    const heartbeat = node.status?.conditions?.find((condition) => condition.type === 'Ready')?.lastHeartbeatTime;
    const renewTime = lease?.spec?.renewTime;
    const previous = this.#observations.get(name);
    if (previous === undefined || previous.heartbeat !== heartbeat || previous.renewTime !== renewTime) {
      this.#observations.set(name, { heartbeat, renewTime, probedAt: now, readyStatus: previous?.readyStatus });
      return now;
    }
    return previous.probedAt;
  }

  /** Remembers the Ready status seen; returns the one seen before (for transition events). */
  swapReadyStatus(node: Node): string | undefined {
    const observation = this.#observations.get(node.metadata.name ?? '');
    if (observation === undefined) return undefined;
    const previous = observation.readyStatus;
    observation.readyStatus = conditionOf(node, 'Ready')?.status;
    return previous;
  }

  forget(name: string): void {
    this.#observations.delete(name);
  }
}
