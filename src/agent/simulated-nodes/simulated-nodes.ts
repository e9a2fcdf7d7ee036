import type { Node } from '../../api/kinds.js';
import { resourceOf, type ApiClient } from '../../client/api-client.js';
import { isAlreadyExists, isNotFound } from '../../client/api-status-error.js';
import { Informer } from '../../client/informer.js';
import { rfc3339, systemClock, type Clock } from '../../util/clock.js';
import { silentLogger, type Logger } from '../../util/logger.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { nodeInternalIp, nodePodCidr } from './node-addresses.js';
import { NodeHeartbeats } from './node-heartbeats.js';
import { PodIpPool } from './pod-ip-pool.js';
import { simulatedNode, simulatedNodeStatus, type NodeShape } from './simulated-node-object.js';
import { SimulatedPods, type SimulatedHost } from './simulated-pods.js';

const NODES = resourceOf('v1', 'Node');
const LEASES = resourceOf('coordination.k8s.io/v1', 'Lease');

export interface SimulatedNodesOptions {
  readonly client: ApiClient;
  /** How many nodes; they are named `<namePrefix>-0` ... `<namePrefix>-<count-1>`. */
  readonly count: number;
  readonly namePrefix?: string;
  /** Capacity (and allocatable) of each node. */
  readonly cpu?: string;
  readonly memory?: string;
  readonly pods?: number;
  readonly arch?: string;
  /** Spread nodes over this many zones (label topology.kubernetes.io/zone); 0 for none. */
  readonly zones?: number;
  /** Lease renewal interval per node; a kubelet's is 10 s. */
  readonly leaseRenewIntervalMs?: number;
  /** How often each node posts its Ready heartbeat when nothing changes. */
  readonly statusRefreshIntervalMs?: number;
  /** How long restartPolicy Never/OnFailure pods run before they succeed. */
  readonly completeAfterMs?: number;
  /** The fraction of pods that crash (exit code 1). */
  readonly crashFraction?: number;
  /** Requests in flight at most (registration, heartbeats). */
  readonly concurrency?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Called after each node is registered. */
  readonly onProgress?: (registered: number, total: number) => void;
}

/**
 * Simulated nodes, like kwok: registers Node objects with capacity, keeps their
 * Leases fresh, and "runs" pods bound to them at once (see SimulatedPods). For scale
 * tests and controller tests without containers. `stop` silences the nodes (they go
 * NotReady through the node lifecycle controller); `removeNodes` deletes them.
 */
export class SimulatedNodes {
  readonly #options: SimulatedNodesOptions;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #limiter: ConcurrencyLimiter;
  readonly #hosts = new Map<string, SimulatedHost>();
  readonly #heartbeats: NodeHeartbeats;
  readonly #pods: SimulatedPods;
  readonly #nodeInformer: Informer<Node>;
  #running = false;

  constructor(options: SimulatedNodesOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#limiter = new ConcurrencyLimiter(options.concurrency ?? 32);
    const leaseRenewIntervalMs = options.leaseRenewIntervalMs ?? 10_000;
    this.#heartbeats = new NodeHeartbeats({
      client: options.client,
      clock: this.#clock,
      logger: this.#logger,
      limiter: this.#limiter,
      timings: {
        leaseRenewIntervalMs,
        leaseDurationSeconds: 40,
        statusRefreshIntervalMs: options.statusRefreshIntervalMs ?? Math.max(60_000, leaseRenewIntervalMs),
      },
    });
    this.#pods = new SimulatedPods({
      client: options.client,
      clock: this.#clock,
      logger: this.#logger,
      hosts: this.#hosts,
      behaviour: { completeAfterMs: options.completeAfterMs ?? 1000, crashFraction: options.crashFraction ?? 0 },
      workers: Math.max(4, Math.min(32, options.concurrency ?? 32)),
    });
    this.#nodeInformer = new Informer<Node>({
      client: options.client,
      resource: NODES,
      clock: this.#clock,
      logger: this.#logger,
      labelSelector: 'node.kubernetes.io/instance-type=simulated',
    });
    this.#nodeInformer.addHandler({ onUpdate: (_previous, node) => { this.#noticeNotReady(node); } });
  }

  /** The names of the simulated nodes. */
  get nodeNames(): string[] {
    const prefix = this.#options.namePrefix ?? 'sim';
    return Array.from({ length: this.#options.count }, (_unused, index) => `${prefix}-${index}`);
  }

  /** Registers the nodes and their Leases, then starts heartbeats and running pods. */
  async start(): Promise<void> {
    const names = this.nodeNames;
    let registered = 0;
    await Promise.all(
      names.map(async (name, index) =>
        this.#limiter.run(async () => {
          const uid = await this.#registerNode(name, index);
          await this.#heartbeats.register(name, uid, index, names.length);
          this.#hosts.set(name, { hostIp: nodeInternalIp(index), pool: new PodIpPool(nodePodCidr(index)) });
          registered += 1;
          this.#options.onProgress?.(registered, names.length);
        }),
      ),
    );
    this.#running = true;
    this.#heartbeats.start();
    this.#nodeInformer.start();
    await this.#pods.start();
    this.#logger.info('simulated nodes running', { nodes: names.length });
  }

  /** Stops heartbeats and pod handling; the Node objects stay (and go NotReady). */
  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all([this.#heartbeats.stop(), this.#pods.stop(), this.#nodeInformer.stop()]);
  }

  /** Stops, then deletes the nodes and their Leases. */
  async removeNodes(): Promise<void> {
    await this.stop();
    await Promise.all(
      this.nodeNames.map(async (name) =>
        this.#limiter.run(async () => {
          await ignoreNotFound(this.#options.client.delete(LEASES, 'kube-node-lease', name));
          await ignoreNotFound(this.#options.client.delete(NODES, undefined, name));
        }),
      ),
    );
  }

  async #registerNode(name: string, index: number): Promise<string> {
    const now = rfc3339(this.#clock.now());
    const shape = this.#shape();
    try {
      const created = await this.#options.client.create(NODES, simulatedNode(name, index, shape, now));
      return created.metadata.uid ?? '';
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
    }
    const status = simulatedNodeStatus(name, index, shape, now, now);
    const updated = await this.#options.client.patch<Node>(NODES, undefined, name, 'merge', { status }, { subresource: 'status' });
    return updated.metadata.uid ?? '';
  }

  #shape(): NodeShape {
    const options = this.#options;
    return { cpu: options.cpu ?? '4', memory: options.memory ?? '8Gi', pods: options.pods ?? 110, arch: options.arch ?? 'amd64', zones: options.zones ?? 0 };
  }

  #noticeNotReady(node: Node): void {
    const name = node.metadata.name ?? '';
    if (!this.#running || !this.#hosts.has(name)) return;
    const ready = node.status?.conditions?.find((condition) => condition.type === 'Ready');
    if (ready?.status !== 'True') this.#heartbeats.refreshSoon(name);
  }
}

async function ignoreNotFound(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
