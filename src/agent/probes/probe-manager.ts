import type { Pod } from '../../api/kinds.js';
import type { Clock, TimerHandle } from '../../util/clock.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { PodContainer } from '../volumes/pod-volumes.js';
import type { ProbeKind } from './probe-result.js';
import { runProbe } from './run-probe.js';

export interface RunningContainer {
  readonly containerId: string;
  readonly startedAt: number;
}

export interface ProbeManagerOptions {
  readonly runtime: ContainerRuntime;
  readonly clock: Clock;
  /** An Unhealthy event (type Warning). */
  readonly onUnhealthy: (pod: Pod, container: string, message: string) => void;
  /** A probe's result changed: sync the pod. */
  readonly onChange: (podUid: string) => void;
}

interface Worker {
  readonly kind: ProbeKind;
  readonly containerId: string;
  pod: Pod;
  podIp: string;
  container: PodContainer;
  result: boolean;
  successes: number;
  failures: number;
  onHold: boolean;
  timer: TimerHandle | undefined;
  stopped: boolean;
}

const labels: Record<ProbeKind, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

/**
 * The kubelet's prober workers: one per container and probe kind, each running its
 * probe every periodSeconds after initialDelaySeconds and flipping its result after
 * successThreshold successes or failureThreshold failures. Liveness and readiness
 * wait until the startup probe succeeded.
 */
export class ProbeManager {
  readonly #options: ProbeManagerOptions;
  readonly #workers = new Map<string, Worker>();

  constructor(options: ProbeManagerOptions) {
    this.#options = options;
  }

  /** Readiness: false until proven; liveness: true until failed; startup: false until succeeded; undefined without a probe. */
  result(podUid: string, container: string, kind: ProbeKind): boolean | undefined {
    return this.#workers.get(workerKey(podUid, container, kind))?.result;
  }

  /** A liveness or startup probe crossed its failure threshold: the container must be restarted. */
  failed(podUid: string, container: string, kind: 'liveness' | 'startup'): boolean {
    return this.#workers.get(workerKey(podUid, container, kind))?.onHold === true;
  }

  /** Starts, keeps or replaces workers for the pod's running containers; stops the rest. */
  update(pod: Pod, podIp: string, running: ReadonlyMap<string, RunningContainer>): void {
    const uid = pod.metadata.uid ?? '';
    const wanted = new Set<string>();
    for (const container of pod.spec?.containers ?? []) {
      const instance = running.get(container.name);
      if (instance === undefined) continue;
      for (const kind of ['startup', 'liveness', 'readiness'] as const) {
        const probe = probeOf(container, kind);
        if (probe === undefined) continue;
        const key = workerKey(uid, container.name, kind);
        wanted.add(key);
        const existing = this.#workers.get(key);
        if (existing?.containerId === instance.containerId) {
          existing.pod = pod;
          existing.podIp = podIp;
          existing.container = container;
          continue;
        }
        if (existing !== undefined) this.#stopWorker(key, existing);
        this.#startWorker(key, { pod, podIp, container, kind, instance });
      }
    }
    const prefix = `${uid}/`;
    for (const [key, worker] of this.#workers) {
      if (key.startsWith(prefix) && !wanted.has(key)) this.#stopWorker(key, worker);
    }
  }

  removePod(podUid: string): void {
    for (const [key, worker] of this.#workers) if (key.startsWith(`${podUid}/`)) this.#stopWorker(key, worker);
  }

  stop(): void {
    for (const [key, worker] of this.#workers) this.#stopWorker(key, worker);
  }

  #startWorker(key: string, input: { pod: Pod; podIp: string; container: PodContainer; kind: ProbeKind; instance: RunningContainer }): void {
    const { kind, instance } = input;
    const worker: Worker = {
      kind,
      containerId: instance.containerId,
      pod: input.pod,
      podIp: input.podIp,
      container: input.container,
      result: kind === 'liveness',
      successes: 0,
      failures: 0,
      onHold: false,
      timer: undefined,
      stopped: false,
    };
    this.#workers.set(key, worker);
    const probe = probeOf(input.container, kind);
    const initialDelayMs = (probe?.initialDelaySeconds ?? 0) * 1000;
    this.#scheduleNext(worker, Math.max(0, instance.startedAt + initialDelayMs - this.#options.clock.now()));
  }

  #stopWorker(key: string, worker: Worker): void {
    worker.stopped = true;
    if (worker.timer !== undefined) this.#options.clock.cancel(worker.timer);
    this.#workers.delete(key);
  }

  #scheduleNext(worker: Worker, delayMs: number): void {
    if (worker.stopped) return;
    worker.timer = this.#options.clock.schedule(delayMs, () => {
      void this.#probeOnce(worker).finally(() => {
        const period = (probeOf(worker.container, worker.kind)?.periodSeconds ?? 10) * 1000;
        this.#scheduleNext(worker, period);
      });
    });
  }

  async #probeOnce(worker: Worker): Promise<void> {
    const probe = probeOf(worker.container, worker.kind);
    const uid = worker.pod.metadata.uid ?? '';
    if (probe === undefined || worker.onHold || worker.stopped) return;
    if (worker.kind === 'startup' && worker.result) return;
    if (worker.kind !== 'startup' && this.result(uid, worker.container.name, 'startup') === false) return;
    const outcome = await runProbe(probe, { runtime: this.#options.runtime, pod: worker.pod, container: worker.container, containerId: worker.containerId, podIp: worker.podIp }, probe.timeoutSeconds ?? 1);
    if (this.#workers.get(workerKey(uid, worker.container.name, worker.kind)) !== worker) return;
    const before = worker.result;
    if (outcome.success) {
      worker.failures = 0;
      worker.successes += 1;
      if (worker.successes >= (probe.successThreshold ?? 1)) worker.result = true;
    } else {
      worker.successes = 0;
      worker.failures += 1;
      this.#options.onUnhealthy(worker.pod, worker.container.name, `${labels[worker.kind]} probe failed: ${outcome.output.trim()}`);
      if (worker.failures >= (probe.failureThreshold ?? 3)) {
        worker.result = false;
        if (worker.kind !== 'readiness') worker.onHold = true;
      }
    }
    if (worker.result !== before || (worker.onHold && worker.kind !== 'readiness')) this.#options.onChange(uid);
  }
}

function workerKey(podUid: string, container: string, kind: ProbeKind): string {
  return `${podUid}/${container}/${kind}`;
}

function probeOf(container: PodContainer, kind: ProbeKind): PodContainer['livenessProbe'] {
  switch (kind) {
    case 'liveness':
      return container.livenessProbe;
    case 'readiness':
      return container.readinessProbe;
    case 'startup':
      return container.startupProbe;
  }
}
