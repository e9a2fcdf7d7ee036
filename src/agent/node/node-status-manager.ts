import type { Node } from '../../api/kinds.js';
import { resourceOf, type ApiClient } from '../../client/api-client.js';
import { isAlreadyExists } from '../../client/api-status-error.js';
import { Informer } from '../../client/informer.js';
import { rfc3339, type Clock, type TimerHandle } from '../../util/clock.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import type { ContainerRuntime, RuntimeStatus } from '../runtime/container-runtime.js';
import { nodeConditions } from './node-conditions.js';
import { NodeLease } from './node-lease.js';
import { nodeLabels, nodeStatusBase, type NodeIdentity } from './node-object.js';

const NODES = resourceOf('v1', 'Node');

export interface NodeStatusManagerOptions {
  readonly client: ApiClient;
  readonly runtime: ContainerRuntime;
  readonly identity: NodeIdentity;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How often the Lease is renewed and the status recomputed (kubelet: 10 s). */
  readonly heartbeatMs?: number;
  /** Status is posted at least this often even when unchanged (kubelet: 5 min). */
  readonly statusReportMs?: number;
  /** Called whenever node.spec.podCIDR is first seen or changes. */
  readonly onPodCidr: (podCidr: string) => void;
}

/**
 * Registers the Node, keeps its Lease fresh, and posts node.status when it
 * changes (or every report interval), as the kubelet's node status loop does.
 */
export class NodeStatusManager {
  readonly #options: NodeStatusManagerOptions;
  readonly #lease: NodeLease;
  readonly #informer: Informer<Node>;
  #nodeUid = '';
  #lastPosted = '';
  #lastPostedAt = 0;
  #conditions: NonNullable<NonNullable<Node['status']>['conditions']> = [];
  #timer: TimerHandle | undefined;
  #running = false;
  #beating: Promise<void> = Promise.resolve();
  #podCidr: string | undefined;

  constructor(options: NodeStatusManagerOptions) {
    this.#options = options;
    this.#lease = new NodeLease({ client: options.client, clock: options.clock, nodeName: options.identity.name, durationSeconds: 40 });
    this.#informer = new Informer<Node>({
      client: options.client,
      resource: NODES,
      clock: options.clock,
      logger: options.logger,
      fieldSelector: `metadata.name=${options.identity.name}`,
    });
    this.#informer.addHandler({
      onAdd: (node) => {
        this.#seen(node);
      },
      onUpdate: (_previous, node) => {
        this.#seen(node);
      },
    });
  }

  get node(): Node | undefined {
    return this.#informer.get(undefined, this.#options.identity.name);
  }

  /** Registers the node (or takes over an existing one of the same name) and starts heartbeats. */
  async start(): Promise<void> {
    this.#running = true;
    await this.#register();
    this.#informer.start();
    await this.#informer.waitForSync();
    await this.#heartbeat();
    this.#schedule();
  }

  /** Posts the status at once (e.g. after the pod network became ready). */
  refresh(): void {
    this.#beating = this.#beating.then(async () => this.#postStatus(true)).catch((error: unknown) => {
      this.#options.logger.warn('posting node status failed', { error: errorMessage(error) });
    });
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer !== undefined) this.#options.clock.cancel(this.#timer);
    await this.#beating;
    await this.#informer.stop();
  }

  #seen(node: Node): void {
    this.#nodeUid = node.metadata.uid ?? this.#nodeUid;
    const podCidr = node.spec?.podCIDR;
    if (podCidr !== undefined && podCidr !== '' && podCidr !== this.#podCidr) {
      this.#podCidr = podCidr;
      this.#options.onPodCidr(podCidr);
    }
  }

  #schedule(): void {
    if (!this.#running) return;
    this.#timer = this.#options.clock.schedule(this.#options.heartbeatMs ?? 10_000, () => {
      this.#beating = this.#heartbeat().finally(() => {
        this.#schedule();
      });
    });
  }

  async #heartbeat(): Promise<void> {
    try {
      await this.#lease.renew(this.#nodeUid);
    } catch (error) {
      this.#options.logger.warn('renewing the node lease failed', { error: errorMessage(error) });
    }
    try {
      await this.#postStatus(false);
    } catch (error) {
      this.#options.logger.warn('posting node status failed', { error: errorMessage(error) });
    }
  }

  async #register(): Promise<void> {
    const { client, identity } = this.#options;
    const status = await this.#status();
    const node: Node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: identity.name, labels: nodeLabels(identity), annotations: { 'node.alpha.kubernetes.io/ttl': '0' } },
      spec: {},
      status,
    };
    let registered: Node;
    try {
      registered = await client.create(NODES, node);
      this.#options.logger.info('registered node', { node: identity.name });
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      registered = await client.patch<Node>(NODES, undefined, identity.name, 'merge', { metadata: { labels: nodeLabels(identity) } });
    }
    this.#nodeUid = registered.metadata.uid ?? '';
    this.#lastPosted = '';
    await this.#postStatus(true);
  }

  async #status(): Promise<NonNullable<Node['status']>> {
    let runtime: RuntimeStatus | undefined;
    try {
      runtime = await this.#options.runtime.status();
    } catch {
      runtime = undefined;
    }
    this.#conditions = nodeConditions(runtime, this.node?.status?.conditions ?? this.#conditions, rfc3339(this.#options.clock.now()));
    return { ...nodeStatusBase(this.#options.identity), conditions: this.#conditions };
  }

  async #postStatus(force: boolean): Promise<void> {
    const status = await this.#status();
    const fingerprint = JSON.stringify({ ...status, conditions: status.conditions?.map(({ lastHeartbeatTime: _, ...rest }) => rest) });
    const now = this.#options.clock.now();
    if (!force && fingerprint === this.#lastPosted && now - this.#lastPostedAt < (this.#options.statusReportMs ?? 300_000)) return;
    await this.#options.client.patch(NODES, undefined, this.#options.identity.name, 'merge', { status }, { subresource: 'status' });
    this.#lastPosted = fingerprint;
    this.#lastPostedAt = now;
  }
}
