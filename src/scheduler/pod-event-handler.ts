import type { Node, Pod } from '../api/kinds.js';
import type { Informer, InformerHandler } from '../client/informer.js';
import { objectKey, splitKey } from '../client/object-key.js';
import type { SchedulerCache } from './cache/scheduler-cache.js';
import { PodInfo } from './framework/pod-info.js';
import { nodeUpdateEvents } from './node-update-events.js';
import type { SchedulingQueue } from './queue/scheduling-queue.js';

export interface PodEventHandlerOptions {
  readonly informer: Informer<Pod>;
  readonly cache: SchedulerCache;
  readonly queue: SchedulingQueue;
  readonly schedulerName: string;
}

const isAssigned = (pod: Pod): boolean => (pod.spec?.nodeName ?? '') !== '';
const isTerminal = (pod: Pod): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/**
 * Routes informer events as upstream's event handlers: bound pods (not terminated)
 * to the cache, pending pods of this scheduler to the queue, and cluster changes
 * to the queue as move requests for pods they may help.
 */
export class PodEventHandler {
  readonly #informer: Informer<Pod>;
  readonly #cache: SchedulerCache;
  readonly #queue: SchedulingQueue;
  readonly #schedulerName: string;

  constructor(options: PodEventHandlerOptions) {
    this.#informer = options.informer;
    this.#cache = options.cache;
    this.#queue = options.queue;
    this.#schedulerName = options.schedulerName;
    this.#informer.addHandler({
      onAdd: (pod) => {
        this.#onAdd(pod);
      },
      onUpdate: (previous, pod) => {
        this.#onUpdate(previous, pod);
      },
      onDelete: (pod) => {
        this.#onDelete(pod);
      },
    });
  }

  /** The latest PodInfo of a queued pod, or undefined if it was deleted, bound or is terminating. */
  current(info: PodInfo): PodInfo | undefined {
    const pod = this.pending(info.key, info.uid);
    if (pod === undefined || pod.metadata.deletionTimestamp !== undefined) return undefined;
    return pod === info.pod ? info : new PodInfo(pod);
  }

  /** The cached pod with this key and uid, if it is still unassigned. */
  pending(key: string, uid: string): Pod | undefined {
    const { namespace, name } = splitKey(key);
    const pod = this.#informer.get(namespace, name);
    if (pod === undefined || (pod.metadata.uid ?? objectKey(pod)) !== uid || isAssigned(pod)) return undefined;
    return pod;
  }

  nodeHandler(): InformerHandler<Node> {
    return {
      onAdd: (node) => {
        this.#cache.setNode(node);
        this.#queue.moveAllToActiveOrBackoff('NodeAdd');
      },
      onUpdate: (previous, node) => {
        this.#cache.setNode(node);
        for (const event of nodeUpdateEvents(previous, node)) this.#queue.moveAllToActiveOrBackoff(event);
      },
      onDelete: (node) => {
        this.#cache.removeNode(node.metadata.name ?? '');
      },
    };
  }

  #responsible(pod: Pod): boolean {
    return (pod.spec?.schedulerName ?? 'default-scheduler') === this.#schedulerName;
  }

  #onAdd(pod: Pod): void {
    if (isAssigned(pod)) {
      if (isTerminal(pod)) return;
      this.#cache.addPod(new PodInfo(pod));
      this.#queue.moveAllToActiveOrBackoff('AssignedPodAdd');
    } else if (this.#responsible(pod) && !isTerminal(pod) && pod.metadata.deletionTimestamp === undefined) {
      this.#queue.add(new PodInfo(pod));
    }
  }

  #onUpdate(previous: Pod, pod: Pod): void {
    const key = objectKey(pod);
    if (isAssigned(pod)) {
      if (!isAssigned(previous)) this.#queue.delete(key);
      if (isTerminal(pod)) {
        this.#removeAssigned(key);
        return;
      }
      const labelsChanged = JSON.stringify(previous.metadata.labels) !== JSON.stringify(pod.metadata.labels);
      this.#cache.addPod(new PodInfo(pod));
      if (!isAssigned(previous)) this.#queue.moveAllToActiveOrBackoff('AssignedPodAdd');
      else if (labelsChanged) this.#queue.moveAllToActiveOrBackoff('AssignedPodUpdate');
      return;
    }
    if (!this.#responsible(pod) || this.#cache.isAssumed(key)) return;
    if (isTerminal(pod) || pod.metadata.deletionTimestamp !== undefined) {
      this.#queue.delete(key);
      return;
    }
    const specChanged =
      JSON.stringify(previous.spec) !== JSON.stringify(pod.spec) || JSON.stringify(previous.metadata.labels) !== JSON.stringify(pod.metadata.labels);
    this.#queue.update(new PodInfo(pod), specChanged);
  }

  #onDelete(pod: Pod): void {
    const key = objectKey(pod);
    if (isAssigned(pod)) this.#removeAssigned(key);
    else this.#queue.delete(key);
  }

  #removeAssigned(key: string): void {
    this.#cache.removePod(key);
    this.#queue.moveAllToActiveOrBackoff('AssignedPodDelete');
  }
}
