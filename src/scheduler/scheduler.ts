import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { Namespace, Node, Pod, ReplicaSet, Service, StatefulSet } from '../api/kinds.js';
import { type ApiClient, resourceOf } from '../client/api-client.js';
import { isNotFound } from '../client/api-status-error.js';
import { EventRecorder } from '../client/event-recorder.js';
import { InformerFactory } from '../client/informer-factory.js';
import type { Clock } from '../util/clock.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { SchedulerCache } from './cache/scheduler-cache.js';
import { defaultSelector } from './default-selector.js';
import { FailureReporter } from './failure-reporter.js';
import { CycleState } from './framework/cycle-state.js';
import { fitErrorMessage } from './framework/diagnosis.js';
import { Framework } from './framework/framework.js';
import type { NodeInfo } from './framework/node-info.js';
import type { PodInfo } from './framework/pod-info.js';
import type { FrameworkHandle } from './framework/snapshot.js';
import type { Status } from './framework/status.js';
import { PodEventHandler } from './pod-event-handler.js';
import { defaultPlugins } from './plugins/default-plugins.js';
import { SchedulingQueue } from './queue/scheduling-queue.js';
import type { QueuedPodInfo } from './queue/queued-pod-info.js';
import { PodScheduler } from './schedule-pod.js';

const PODS = resourceOf('v1', 'Pod');
/** How long the loop schedules before letting informer events and bind replies in. */
const SLICE_MS = 10;

export interface SchedulerOptions {
  /** The spec.schedulerName this scheduler serves (pods that leave it unset get it by default). */
  readonly schedulerName?: string;
  /** 0 (default) is upstream's adaptive sampling; 100 filters every node. */
  readonly percentageOfNodesToScore?: number;
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly maxUnschedulableMs?: number;
  /** Bindings in flight at once; further pods wait, already assumed, for a slot. */
  readonly maxBindsInFlight?: number;
  /** Called after each successful binding (metrics, benchmarks). */
  readonly onBound?: (pod: Pod, nodeName: string) => void;
}

export interface SchedulerContext {
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The shape of a leader-elected component (src/cmd's LeaderComponentFactory). */
export type SchedulerComponentFactory = (client: ApiClient, context: SchedulerContext) => { start(): Promise<void>; stop(): Promise<void> };

export function schedulerComponent(options: SchedulerOptions = {}): SchedulerComponentFactory {
  return (client, context) => new Scheduler(client, context, options);
}

/**
 * The scheduler: pending pods from the queue go through one synchronous scheduling
 * cycle each (filter, score, assume, reserve, permit); their binding runs in the
 * background (upstream's binding cycle) so the next cycle starts at once.
 */
export class Scheduler {
  readonly #client: ApiClient;
  readonly #logger: Logger;
  readonly #options: SchedulerOptions;
  readonly #informers: InformerFactory;
  readonly #cache = new SchedulerCache();
  readonly #framework: Framework;
  readonly #queue: SchedulingQueue;
  readonly #algorithm: PodScheduler;
  readonly #recorder: EventRecorder;
  readonly #failures: FailureReporter;
  readonly #pods: PodEventHandler;
  readonly #binds = new Set<Promise<void>>();
  readonly #bindWaiters: (() => void)[] = [];
  #loop: Promise<void> | undefined;
  #stopped = false;

  constructor(client: ApiClient, context: SchedulerContext, options: SchedulerOptions = {}) {
    this.#client = client;
    this.#logger = context.logger.with({ component: 'scheduler' });
    this.#options = options;
    const { clock } = context;
    this.#informers = new InformerFactory({ client, clock, logger: this.#logger });
    const namespaces = this.#informers.informerFor<Namespace>(resourceOf('v1', 'Namespace'));
    const services = this.#informers.informerFor<Service>(resourceOf('v1', 'Service'));
    services.addIndex('namespace', (service) => [service.metadata.namespace ?? '']);
    const replicaSets = this.#informers.informerFor<ReplicaSet>(resourceOf('apps/v1', 'ReplicaSet'));
    const statefulSets = this.#informers.informerFor<StatefulSet>(resourceOf('apps/v1', 'StatefulSet'));
    const sources = {
      servicesIn: (namespace: string) => services.byIndex('namespace', namespace),
      replicaSet: (namespace: string, name: string) => replicaSets.get(namespace, name),
      statefulSet: (namespace: string, name: string) => statefulSets.get(namespace, name),
    };
    const handle: FrameworkHandle = {
      snapshot: this.#cache,
      namespaceLabels: (namespace) => namespaces.get(undefined, namespace)?.metadata.labels,
      defaultSelector: (pod) => defaultSelector(pod.pod, sources),
    };
    this.#framework = new Framework(
      defaultPlugins({
        handle,
        client,
        filterWithout: (state, pod, node, removed) => this.#filterWithout(state, pod, node, removed),
        preempt: (pod, nodeName, victims) => {
          this.#preempt(pod, nodeName, victims);
        },
      }),
    );
    this.#queue = new SchedulingQueue({
      clock,
      mayHelp: (event, plugins) => this.#framework.mayHelp(event, plugins),
      ...(options.initialBackoffMs === undefined ? {} : { initialBackoffMs: options.initialBackoffMs }),
      ...(options.maxBackoffMs === undefined ? {} : { maxBackoffMs: options.maxBackoffMs }),
      ...(options.maxUnschedulableMs === undefined ? {} : { maxUnschedulableMs: options.maxUnschedulableMs }),
    });
    this.#algorithm = new PodScheduler({ framework: this.#framework, snapshot: this.#cache, percentageOfNodesToScore: options.percentageOfNodesToScore ?? 0 });
    this.#recorder = new EventRecorder({ client, clock, logger: this.#logger, component: 'default-scheduler' });
    this.#failures = new FailureReporter({ client, recorder: this.#recorder, clock, logger: this.#logger });
    const podInformer = this.#informers.informerFor<Pod>(PODS);
    this.#pods = new PodEventHandler({ informer: podInformer, cache: this.#cache, queue: this.#queue, schedulerName: options.schedulerName ?? 'default-scheduler' });
    this.#informers.informerFor<Node>(resourceOf('v1', 'Node')).addHandler(this.#pods.nodeHandler());
    namespaces.addHandler({ onUpdate: () => { this.#queue.moveAllToActiveOrBackoff('NamespaceChange'); } });
  }

  async start(): Promise<void> {
    this.#informers.start();
    await this.#informers.waitForSync();
    if (this.#stopped) return;
    this.#queue.run();
    this.#loop = this.#run();
    this.#logger.info('scheduler started', { nodes: this.#cache.nodes.length, pending: this.#queue.lengths.active });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#queue.close();
    for (const waiter of this.#bindWaiters.splice(0)) waiter();
    await this.#loop;
    await Promise.allSettled([...this.#binds]);
    await this.#informers.stop();
  }

  async #run(): Promise<void> {
    let sliceStart = performance.now();
    while (!this.#stopped) {
      let info = this.#queue.tryPop();
      if (info === undefined) {
        info = await this.#queue.pop();
        if (info === undefined) break;
        sliceStart = performance.now();
      }
      try {
        this.#scheduleOne(info, this.#queue.schedulingCycle);
      } catch (error) {
        this.#logger.error('scheduling cycle failed', { pod: info.podInfo.key, error: errorMessage(error) });
        this.#fail(info, this.#queue.schedulingCycle, 'SchedulerError', errorMessage(error));
      }
      if (this.#binds.size >= (this.#options.maxBindsInFlight ?? 500)) {
        await new Promise<void>((resolve) => this.#bindWaiters.push(resolve));
        sliceStart = performance.now();
      } else if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToEventLoop();
        sliceStart = performance.now();
      }
    }
  }

  #scheduleOne(info: QueuedPodInfo, cycle: number): void {
    const pod = this.#pods.current(info.podInfo);
    if (pod === undefined) {
      this.#queue.done(info.podInfo.key);
      return;
    }
    info.podInfo = pod;
    const state = new CycleState();
    const outcome = this.#algorithm.schedule(state, pod);
    if (outcome.kind === 'error') {
      this.#fail(info, cycle, 'SchedulerError', outcome.status.message);
      return;
    }
    if (outcome.kind === 'unschedulable') {
      const { diagnosis } = outcome;
      const postFilter = this.#framework.runPostFilter(state, pod, diagnosis);
      if (!postFilter.status.isSuccess && postFilter.status.message !== '') diagnosis.postFilterMessage = postFilter.status.message;
      info.unschedulablePlugins = diagnosis.unschedulablePlugins;
      this.#fail(info, cycle, 'Unschedulable', fitErrorMessage(diagnosis), postFilter.nominatedNodeName);
      return;
    }
    const nodeName = outcome.result.nodeName;
    const assumed = pod.assumedOn(nodeName);
    this.#cache.assumePod(assumed, nodeName);
    const reserved = this.#framework.runReserve(state, assumed, nodeName);
    const permitted = reserved.isSuccess ? this.#framework.runPermit(state, assumed, nodeName) : reserved;
    if (!permitted.isSuccess) {
      if (reserved.isSuccess) this.#framework.runUnreserve(state, assumed, nodeName);
      this.#cache.forgetPod(pod.key);
      this.#failWith(info, cycle, permitted);
      return;
    }
    const binding = this.#bindingCycle(state, info, assumed, nodeName, cycle);
    this.#binds.add(binding);
    void binding.finally(() => {
      this.#binds.delete(binding);
      this.#bindWaiters.shift()?.();
    });
  }

  async #bindingCycle(state: CycleState, info: QueuedPodInfo, assumed: PodInfo, nodeName: string, cycle: number): Promise<void> {
    const status = await this.#framework.runBind(state, assumed, nodeName);
    if (status.isSuccess) {
      this.#queue.done(assumed.key);
      this.#framework.runPostBind(state, assumed, nodeName);
      const { namespace = 'default', name = '' } = assumed.pod.metadata;
      this.#recorder.event(assumed.pod, 'Normal', 'Scheduled', `Successfully assigned ${namespace}/${name} to ${nodeName}`);
      this.#options.onBound?.(assumed.pod, nodeName);
      return;
    }
    this.#framework.runUnreserve(state, assumed, nodeName);
    this.#cache.forgetPod(assumed.key);
    this.#queue.moveAllToActiveOrBackoff('AssignedPodDelete');
    this.#failWith(info, cycle, status);
  }

  #failWith(info: QueuedPodInfo, cycle: number, status: Status): void {
    if (status.isRejected) info.unschedulablePlugins = new Set([status.plugin]);
    else info.unschedulablePlugins = new Set();
    this.#fail(info, cycle, status.isRejected ? 'Unschedulable' : 'SchedulerError', status.message);
  }

  /** Hands the pod back to the queue and tells the user, unless it is gone or bound meanwhile. */
  #fail(info: QueuedPodInfo, cycle: number, reason: 'Unschedulable' | 'SchedulerError', message: string, nominatedNodeName?: string): void {
    const latest = this.#pods.pending(info.podInfo.key, info.podInfo.uid);
    if (latest === undefined) {
      this.#queue.done(info.podInfo.key);
      return;
    }
    this.#queue.addUnschedulable(info, cycle);
    this.#failures.report(latest, reason, message, nominatedNodeName);
  }

  #filterWithout(state: CycleState, pod: PodInfo, node: NodeInfo, removed: readonly PodInfo[]): Status {
    for (const victim of removed) node.removePod(victim.key);
    try {
      return this.#framework.runFilter(this.#framework.activeFilters(state), state, pod, node);
    } finally {
      for (const victim of removed) node.addPod(victim);
    }
  }

  #preempt(pod: PodInfo, nodeName: string, victims: readonly PodInfo[]): void {
    for (const victim of victims) {
      this.#recorder.event(victim.pod, 'Normal', 'Preempted', `Preempted by pod ${pod.uid} on node ${nodeName}`);
      void this.#client.delete(PODS, victim.namespace, victim.pod.metadata.name ?? '', { preconditions: { uid: victim.uid } }).catch((error: unknown) => {
        if (!isNotFound(error)) this.#logger.warn('could not delete preemption victim', { pod: victim.key, error: errorMessage(error) });
      });
    }
  }
}
