import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pod } from '../../api/kinds.js';
import { resourceOf, type ApiClient } from '../../client/api-client.js';
import { isNotFound } from '../../client/api-status-error.js';
import type { Clock } from '../../util/clock.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import type { ConfigSource } from '../env/config-source.js';
import { ContainerConfigError, resolveContainerEnv } from '../env/container-env.js';
import type { ProbeManager, RunningContainer } from '../probes/probe-manager.js';
import { runProbe } from '../probes/run-probe.js';
import type { ContainerRuntime, ContainerStatus, DnsConfig, SandboxConfig } from '../runtime/container-runtime.js';
import type { PodContainer, PodVolumes, PreparedVolume } from '../volumes/pod-volumes.js';
import { containerConfig } from './container-config.js';
import { ImageError, type ImagePuller, type PodEventSink } from './image-puller.js';
import { podContainers, type ContainerInstances } from './pod-containers.js';
import type { PodKiller } from './pod-killer.js';
import { podDescription, POD_UID_LABEL } from './pod-labels.js';
import { podStatus, type ContainerView, type WaitingReason } from './pod-status.js';
import { goDuration, RestartBackoff } from './restart-backoff.js';
import { podLogDirectory, sandboxConfig } from './sandbox-config.js';

const PODS = resourceOf('v1', 'Pod');

export interface PodSyncerOptions {
  readonly client: ApiClient;
  readonly runtime: ContainerRuntime;
  readonly volumes: PodVolumes;
  readonly config: ConfigSource;
  readonly probes: ProbeManager;
  readonly images: ImagePuller;
  readonly killer: PodKiller;
  readonly events: PodEventSink;
  readonly clock: Clock;
  readonly logger: Logger;
  /** `<dataDir>/logs/pods`. */
  readonly logsRoot: string;
  readonly nodeIp: string;
  readonly nodeMemoryBytes: number;
  readonly nodeAllocatable: () => Readonly<Record<string, string>>;
  readonly hostDns: DnsConfig;
}

interface PodRecord {
  pod: Pod;
  readonly waiting: Map<string, WaitingReason>;
  lastWritten: string | undefined;
  readonly firstSeen: number;
  podIp: string;
}

interface Sandbox {
  readonly id: string;
  readonly config: SandboxConfig;
  readonly ip: string;
}

/** What one sync asks of the pod manager. */
export interface SyncResult {
  readonly requeueAfterMs?: number;
}

/**
 * The kubelet's SyncPod for one pod at a time (the pod manager never syncs a pod
 * twice at once): level-based, from the pod object and what the runtime reports,
 * so a restarted agent adopts running sandboxes and containers as they are.
 */
export class PodSyncer {
  readonly #options: PodSyncerOptions;
  readonly #records = new Map<string, PodRecord>();
  readonly #restarts: RestartBackoff;

  constructor(options: PodSyncerOptions) {
    this.#options = options;
    this.#restarts = new RestartBackoff({ clock: options.clock });
  }

  /** Brings the node in line with `pod` (undefined: the pod is gone from the API). */
  async sync(uid: string, pod: Pod | undefined): Promise<SyncResult> {
    if (pod === undefined) {
      await this.#removeGone(uid);
      return {};
    }
    let record = this.#records.get(uid);
    if (record === undefined) {
      record = { pod, waiting: new Map(), lastWritten: undefined, firstSeen: this.#options.clock.now(), podIp: '' };
      this.#records.set(uid, record);
    }
    record.pod = pod;
    if (pod.metadata.deletionTimestamp !== undefined) {
      await this.#terminate(pod, record);
      return {};
    }
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      await this.#options.killer.killPod({ podUid: uid, pod, podIp: record.podIp, graceSeconds: 0, remove: false });
      this.#options.probes.removePod(uid);
      return {};
    }
    return this.#syncRunning(pod, record);
  }

  /** Removes what belongs to pods this node no longer runs (after a restart). */
  async removeOrphans(known: ReadonlySet<string>): Promise<void> {
    const { runtime, volumes, logsRoot } = this.#options;
    const uids = new Set<string>();
    for (const sandbox of await runtime.listPodSandboxes()) {
      const uid = sandbox.labels[POD_UID_LABEL];
      if (uid !== undefined && !known.has(uid)) uids.add(uid);
    }
    for (const uid of await volumes.podsWithVolumes()) if (!known.has(uid)) uids.add(uid);
    for (const uid of uids) {
      this.#options.logger.info('removing the leftovers of a pod that no longer exists', { pod: uid });
      await this.#options.killer.removePod(uid, undefined);
    }
    let entries: string[] = [];
    try {
      entries = await readdir(logsRoot);
    } catch {
      return;
    }
    for (const entry of entries) {
      const uid = entry.slice(entry.lastIndexOf('_') + 1);
      if (!known.has(uid)) await rm(join(logsRoot, entry), { recursive: true, force: true });
    }
  }

  async #removeGone(uid: string): Promise<void> {
    const record = this.#records.get(uid);
    const pod = record?.pod;
    const grace = pod === undefined ? undefined : gracePeriod(pod);
    await this.#options.killer.killPod({ podUid: uid, pod, podIp: record?.podIp ?? '', graceSeconds: grace, remove: true });
    await this.#forget(uid, pod);
  }

  async #forget(uid: string, pod: Pod | undefined): Promise<void> {
    this.#options.probes.removePod(uid);
    this.#options.images.forgetPod(uid);
    this.#restarts.forgetPrefix(`${uid}/`);
    await this.#options.volumes.tearDown(uid);
    if (pod !== undefined) await rm(podLogDirectory(this.#options.logsRoot, pod), { recursive: true, force: true });
    this.#records.delete(uid);
  }

  async #terminate(pod: Pod, record: PodRecord): Promise<void> {
    const uid = pod.metadata.uid ?? '';
    await this.#options.killer.killPod({ podUid: uid, pod, podIp: record.podIp, graceSeconds: gracePeriod(pod), remove: true });
    await this.#forget(uid, pod);
    try {
      await this.#options.client.delete(PODS, pod.metadata.namespace, pod.metadata.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid } });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async #syncRunning(pod: Pod, record: PodRecord): Promise<SyncResult> {
    const { runtime, probes } = this.#options;
    const uid = pod.metadata.uid ?? '';
    const sandbox = await this.#ensureSandbox(pod, record);
    if (sandbox === undefined) return { requeueAfterMs: 1000 };
    record.podIp = sandbox.ip;
    let volumes: ReadonlyMap<string, PreparedVolume>;
    try {
      volumes = await this.#options.volumes.setUp(pod);
    } catch (error) {
      this.#options.events(pod, 'Warning', 'FailedMount', errorMessage(error));
      await this.#writeStatus(pod, record, sandbox, (await podContainers(runtime, uid, sandbox.id)).instances);
      return { requeueAfterMs: 2000 };
    }
    const requeues: number[] = [];
    let { instances } = await podContainers(runtime, uid, sandbox.id);
    const initDone = await this.#syncInitContainers(pod, record, sandbox, volumes, instances, requeues);
    if (initDone) {
      await this.#syncContainers(pod, record, sandbox, volumes, instances, requeues);
    }
    instances = (await podContainers(runtime, uid, sandbox.id)).instances;
    const phase = await this.#writeStatus(pod, record, sandbox, instances);
    if (phase === 'Succeeded' || phase === 'Failed') {
      await this.#options.killer.killPod({ podUid: uid, pod, podIp: sandbox.ip, graceSeconds: 0, remove: false });
      probes.removePod(uid);
      return {};
    }
    const running = new Map<string, RunningContainer>();
    for (const [name, { latest }] of instances) {
      if (latest.state === 'running') running.set(name, { containerId: latest.id, startedAt: latest.startedAt ?? latest.createdAt });
    }
    probes.update(pod, sandbox.ip, running);
    return requeues.length === 0 ? {} : { requeueAfterMs: Math.max(100, Math.min(...requeues)) };
  }

  async #ensureSandbox(pod: Pod, record: PodRecord): Promise<Sandbox | undefined> {
    const { runtime } = this.#options;
    const uid = pod.metadata.uid ?? '';
    const logDirectory = podLogDirectory(this.#options.logsRoot, pod);
    const sandboxes = (await runtime.listPodSandboxes({ labels: { [POD_UID_LABEL]: uid } })).sort((a, b) => b.attempt - a.attempt || b.createdAt - a.createdAt);
    const ready = sandboxes.find((sandbox) => sandbox.state === 'ready');
    if (ready !== undefined) {
      for (const stale of sandboxes) if (stale.id !== ready.id) await runtime.removePodSandbox(stale.id);
      const status = await runtime.podSandboxStatus(ready.id);
      return { id: ready.id, ip: status.ip, config: sandboxConfig(pod, ready.attempt, logDirectory, this.#options.hostDns) };
    }
    if (pod.spec?.hostNetwork !== true) {
      const status = await runtime.status();
      if (!status.networkReady) {
        const condition = status.conditions.find((entry) => entry.type === 'NetworkReady');
        this.#options.events(pod, 'Warning', 'NetworkNotReady', `network is not ready: container runtime network not ready: NetworkReady=false reason:${condition?.reason ?? ''} message:${condition?.message ?? ''}`);
        return undefined;
      }
    }
    for (const stale of sandboxes) await runtime.removePodSandbox(stale.id);
    const attempt = sandboxes.length === 0 ? 0 : (sandboxes[0]?.attempt ?? 0) + 1;
    await mkdir(logDirectory, { recursive: true });
    const config = sandboxConfig(pod, attempt, logDirectory, this.#options.hostDns);
    let id: string;
    try {
      id = await runtime.runPodSandbox(config);
    } catch (error) {
      this.#options.events(pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${errorMessage(error)}`);
      throw error;
    }
    record.waiting.clear();
    const status = await runtime.podSandboxStatus(id);
    return { id, ip: status.ip, config };
  }

  /** Runs init containers one after the other; true once all of them succeeded. */
  async #syncInitContainers(pod: Pod, record: PodRecord, sandbox: Sandbox, volumes: ReadonlyMap<string, PreparedVolume>, instances: ContainerInstances, requeues: number[]): Promise<boolean> {
    const restartPolicy = pod.spec?.restartPolicy ?? 'Always';
    for (const container of pod.spec?.initContainers ?? []) {
      const latest = instances.get(container.name)?.latest;
      if (latest === undefined || latest.state === 'created') {
        await this.#startContainer(pod, record, sandbox, volumes, container, 0, requeues);
        return false;
      }
      if (latest.state === 'running') return false;
      if (latest.exitCode === 0) continue;
      if (restartPolicy !== 'Never') await this.#restartAfterBackoff(pod, record, sandbox, volumes, container, latest, requeues);
      return false;
    }
    return true;
  }

  async #syncContainers(pod: Pod, record: PodRecord, sandbox: Sandbox, volumes: ReadonlyMap<string, PreparedVolume>, instances: ContainerInstances, requeues: number[]): Promise<void> {
    const restartPolicy = pod.spec?.restartPolicy ?? 'Always';
    const uid = pod.metadata.uid ?? '';
    await Promise.all(
      (pod.spec?.containers ?? []).map(async (container) => {
        const latest = instances.get(container.name)?.latest;
        if (latest === undefined) {
          await this.#startContainer(pod, record, sandbox, volumes, container, 0, requeues);
          return;
        }
        if (latest.state === 'running') {
          const liveness = this.#options.probes.failed(uid, container.name, 'liveness');
          const startup = this.#options.probes.failed(uid, container.name, 'startup');
          if (!liveness && !startup) return;
          const probe = startup ? 'startup' : 'liveness';
          await this.#options.killer.killContainer({
            pod,
            container,
            containerId: latest.id,
            podIp: sandbox.ip,
            graceSeconds: gracePeriod(pod),
            message: `Container ${container.name} failed ${probe} probe, will be restarted`,
          });
          requeues.push(100);
          return;
        }
        if (latest.state !== 'exited') return;
        const restart = restartPolicy === 'Always' || (restartPolicy === 'OnFailure' && latest.exitCode !== 0);
        if (restart) await this.#restartAfterBackoff(pod, record, sandbox, volumes, container, latest, requeues);
      }),
    );
  }

  async #restartAfterBackoff(pod: Pod, record: PodRecord, sandbox: Sandbox, volumes: ReadonlyMap<string, PreparedVolume>, container: PodContainer, latest: ContainerStatus, requeues: number[]): Promise<void> {
    const key = `${pod.metadata.uid ?? ''}/${container.name}`;
    const finishedAt = latest.finishedAt ?? this.#options.clock.now();
    const remaining = this.#restarts.remainingSince(key, finishedAt);
    if (remaining > 0) {
      const delay = goDuration(this.#restarts.delay(key));
      const waiting = { reason: 'CrashLoopBackOff', message: `back-off ${delay} restarting failed container=${container.name} pod=${podDescription(pod)}` };
      if (record.waiting.get(container.name)?.message !== waiting.message) {
        this.#options.events(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${container.name} in pod ${podDescription(pod)}`);
      }
      record.waiting.set(container.name, waiting);
      requeues.push(remaining);
      return;
    }
    this.#restarts.next(key, finishedAt);
    await this.#startContainer(pod, record, sandbox, volumes, container, latest.attempt + 1, requeues);
  }

  async #startContainer(pod: Pod, record: PodRecord, sandbox: Sandbox, volumes: ReadonlyMap<string, PreparedVolume>, container: PodContainer, restartCount: number, requeues: number[]): Promise<void> {
    const { runtime, events } = this.#options;
    const fail = (reason: string, message: string, retryMs: number): void => {
      record.waiting.set(container.name, { reason, message });
      requeues.push(retryMs);
    };
    let imageRef: string;
    try {
      imageRef = await this.#options.images.ensureImage(pod, container);
    } catch (error) {
      // Right after a failed pull the next sync shows ImagePullBackOff for the rest of the back-off.
      if (error instanceof ImageError) fail(error.reason, error.message, error.reason === 'ErrImagePull' ? 2000 : Math.max(1000, error.retryAfterMs));
      else fail('ErrImagePull', errorMessage(error), 10_000);
      return;
    }
    let env;
    try {
      env = await resolveContainerEnv({
        pod,
        container,
        config: this.#options.config,
        podIps: sandbox.ip === '' ? [] : [sandbox.ip],
        hostIps: [this.#options.nodeIp],
        nodeAllocatable: this.#options.nodeAllocatable(),
      });
    } catch (error) {
      const message = errorMessage(error);
      if (!(error instanceof ContainerConfigError) && !/not found/.test(message)) throw error;
      if (record.waiting.get(container.name)?.message !== message) events(pod, 'Warning', 'Failed', `Error: ${message}`);
      fail('CreateContainerConfigError', message, 2000);
      return;
    }
    if (env.invalidNames.length > 0) {
      events(pod, 'Warning', 'InvalidEnvironmentVariableNames', `Keys [${env.invalidNames.join(', ')}] from the EnvFrom configMap ${pod.metadata.namespace ?? 'default'}/ were skipped since they are considered invalid environment variable names.`);
    }
    await mkdir(join(sandbox.config.logDirectory, container.name), { recursive: true });
    const config = containerConfig({ pod, container, restartCount, imageRef, env: env.env, mounts: this.#options.volumes.mountsFor(container, volumes), nodeMemoryBytes: this.#options.nodeMemoryBytes });
    let id: string;
    try {
      id = await runtime.createContainer(sandbox.id, config, sandbox.config);
    } catch (error) {
      events(pod, 'Warning', 'Failed', `Error: ${errorMessage(error)}`);
      fail('CreateContainerError', errorMessage(error), 5000);
      return;
    }
    events(pod, 'Normal', 'Created', `Created container: ${container.name}`);
    try {
      await runtime.startContainer(id);
    } catch (error) {
      events(pod, 'Warning', 'Failed', `Error: ${errorMessage(error)}`);
      record.waiting.delete(container.name);
      requeues.push(100);
      return;
    }
    record.waiting.delete(container.name);
    events(pod, 'Normal', 'Started', `Started container ${container.name}`);
    await this.#postStart(pod, sandbox, container, id);
    await this.#removeOldInstances(pod, container.name, sandbox.id, restartCount);
  }

  async #postStart(pod: Pod, sandbox: Sandbox, container: PodContainer, containerId: string): Promise<void> {
    const hook = container.lifecycle?.postStart;
    if (hook === undefined) return;
    const outcome = await runProbe(hook, { runtime: this.#options.runtime, pod, container, containerId, podIp: sandbox.ip }, gracePeriod(pod));
    if (outcome.success) return;
    this.#options.events(pod, 'Warning', 'FailedPostStartHook', `PostStartHook failed: ${outcome.output.trim()}`);
    await this.#options.killer.killContainer({ pod, container, containerId, podIp: sandbox.ip, graceSeconds: gracePeriod(pod), message: `FailedPostStartHook` });
  }

  /** Keeps the newest exited instance (for `logs --previous`) and removes older ones, as the kubelet's container GC does. */
  async #removeOldInstances(pod: Pod, name: string, sandboxId: string, restartCount: number): Promise<void> {
    if (restartCount < 2) return;
    const { all } = await podContainers(this.#options.runtime, pod.metadata.uid ?? '', sandboxId);
    for (const summary of all) {
      if (summary.name === name && summary.attempt < restartCount - 1 && summary.state === 'exited') await this.#options.runtime.removeContainer(summary.id);
    }
  }

  async #writeStatus(pod: Pod, record: PodRecord, sandbox: Sandbox, instances: ContainerInstances): Promise<string> {
    const uid = pod.metadata.uid ?? '';
    const view = (container: PodContainer, probed: boolean): ContainerView => {
      const found = instances.get(container.name);
      const waiting = record.waiting.get(container.name);
      const started = !probed || container.startupProbe === undefined || this.#options.probes.result(uid, container.name, 'startup') === true;
      const ready = !probed || (started && (container.readinessProbe === undefined || this.#options.probes.result(uid, container.name, 'readiness') === true));
      return {
        spec: container,
        ...(found === undefined ? {} : { latest: found.latest }),
        ...(found?.previous === undefined ? {} : { previous: found.previous }),
        ...(waiting === undefined ? {} : { waiting }),
        ready: probed ? ready : false,
        started: probed ? started : false,
      };
    };
    const status = podStatus({
      pod,
      initContainers: (pod.spec?.initContainers ?? []).map((container) => view(container, false)),
      containers: (pod.spec?.containers ?? []).map((container) => view(container, true)),
      sandboxReady: true,
      podIps: sandbox.ip === '' ? (pod.spec?.hostNetwork === true ? [this.#options.nodeIp] : []) : [sandbox.ip],
      hostIp: this.#options.nodeIp,
      startTime: record.firstSeen,
      now: this.#options.clock.now(),
    });
    const written = JSON.stringify(status);
    if (written !== record.lastWritten && !sameStatus(pod.status, status)) {
      await this.#options.client.patch(PODS, pod.metadata.namespace, pod.metadata.name ?? '', 'merge', { status }, { subresource: 'status' });
    }
    record.lastWritten = written;
    return status.phase ?? 'Pending';
  }
}

function gracePeriod(pod: Pod): number {
  return pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
}

/** True when every field we write already has the value we would write. */
function sameStatus(current: Pod['status'], next: NonNullable<Pod['status']>): boolean {
  if (current === undefined) return false;
  return Object.entries(next).every(([field, value]) => canonical((current as Record<string, unknown>)[field]) === canonical(value));
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, entry: unknown) =>
    entry !== null && typeof entry === 'object' && !Array.isArray(entry)
      ? Object.fromEntries(Object.entries(entry as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : entry,
  );
}
