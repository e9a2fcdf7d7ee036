import { rm } from 'node:fs/promises';
import type { Pod } from '../../api/kinds.js';
import type { Clock } from '../../util/clock.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { runProbe } from '../probes/run-probe.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { PodContainer, PodVolumes } from '../volumes/pod-volumes.js';
import type { PodEventSink } from './image-puller.js';
import { CONTAINER_NAME_LABEL, POD_UID_LABEL, TERMINATION_GRACE_ANNOTATION } from './pod-labels.js';

export interface PodKillerOptions {
  readonly runtime: ContainerRuntime;
  readonly volumes: PodVolumes;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly events: PodEventSink;
}

/** Stops containers the way the kubelet does: preStop hook, then SIGTERM, then SIGKILL when the grace period is over. */
export class PodKiller {
  readonly #options: PodKillerOptions;

  constructor(options: PodKillerOptions) {
    this.#options = options;
  }

  /** Kills one running container; `message` goes into the Killing event. */
  async killContainer(input: { pod: Pod | undefined; container: PodContainer | undefined; containerId: string; podIp: string; graceSeconds: number; message: string }): Promise<void> {
    const { pod, container, containerId } = input;
    const started = this.#options.clock.now();
    if (pod !== undefined) this.#options.events(pod, 'Normal', 'Killing', input.message);
    const preStop = container?.lifecycle?.preStop;
    if (pod !== undefined && container !== undefined && preStop !== undefined && input.graceSeconds > 0) {
      const outcome = await withDeadline(
        runProbe(preStop, { runtime: this.#options.runtime, pod, container, containerId, podIp: input.podIp }, input.graceSeconds),
        input.graceSeconds * 1000,
      );
      if (outcome !== undefined && !outcome.success) {
        this.#options.events(pod, 'Warning', 'FailedPreStopHook', `PreStopHook failed: ${outcome.output.trim()}`);
      }
    }
    const left = Math.max(input.graceSeconds > 0 ? 2 : 0, input.graceSeconds - Math.floor((this.#options.clock.now() - started) / 1000));
    await this.#options.runtime.stopContainer(containerId, left);
  }

  /** Stops every running container of the pod (in parallel), then its sandboxes; removes them all when `remove`. */
  async killPod(input: { podUid: string; pod: Pod | undefined; podIp: string; graceSeconds: number | undefined; remove: boolean }): Promise<void> {
    const { runtime } = this.#options;
    const containers = await runtime.listContainers({ labels: { [POD_UID_LABEL]: input.podUid } });
    const specs = [...(input.pod?.spec?.containers ?? []), ...(input.pod?.spec?.initContainers ?? [])];
    await Promise.all(
      containers
        .filter((summary) => summary.state === 'running' || summary.state === 'created')
        .map(async (summary) => {
          const name = summary.labels[CONTAINER_NAME_LABEL] ?? summary.name;
          const graceSeconds = input.graceSeconds ?? Number(summary.annotations[TERMINATION_GRACE_ANNOTATION] ?? '30');
          try {
            await this.killContainer({ pod: input.pod, container: specs.find((spec) => spec.name === name), containerId: summary.id, podIp: input.podIp, graceSeconds, message: `Stopping container ${name}` });
          } catch (error) {
            this.#options.logger.warn('stopping a container failed', { container: summary.id, error: errorMessage(error) });
          }
        }),
    );
    for (const sandbox of await runtime.listPodSandboxes({ labels: { [POD_UID_LABEL]: input.podUid } })) {
      await runtime.stopPodSandbox(sandbox.id);
      if (input.remove) await runtime.removePodSandbox(sandbox.id);
    }
  }

  /** Removes the pod's sandboxes, containers, volumes and logs: nothing of it is left on the node. */
  async removePod(podUid: string, logDirectory: string | undefined): Promise<void> {
    await this.killPod({ podUid, pod: undefined, podIp: '', graceSeconds: 0, remove: true });
    await this.#options.volumes.tearDown(podUid);
    if (logDirectory !== undefined) await rm(logDirectory, { recursive: true, force: true });
  }
}

async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      resolve(undefined);
    }, ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
