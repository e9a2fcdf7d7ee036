import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pod } from '../api/kinds.js';
import type { ApiClient } from '../client/api-client.js';
import { EventRecorder } from '../client/event-recorder.js';
import type { Clock } from '../util/clock.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { ApiConfigSource } from './env/config-source.js';
import { agentImagePaths } from './images/agent-image-paths.js';
import { applyRegistriesConfig } from './images/apply-registries-config.js';
import { PodNetwork } from './network/pod-network.js';
import { defaultNodeIp, readMachineInfo } from './node/machine-info.js';
import { NodeStatusManager } from './node/node-status-manager.js';
import { ImagePuller } from './pods/image-puller.js';
import { PodKiller } from './pods/pod-killer.js';
import { PodManager } from './pods/pod-manager.js';
import { PodSyncer } from './pods/pod-syncer.js';
import { hostDnsConfig } from './pods/sandbox-config.js';
import { ProbeManager } from './probes/probe-manager.js';
import type { ContainerRuntime } from './runtime/container-runtime.js';
import { ContainerdSupervisor } from './runtime/containerd/containerd-supervisor.js';
import { CriRuntime } from './runtime/cri/cri-runtime.js';
import { startAgentServer, type AgentServer } from './server/agent-server.js';
import { HostPodVolumes } from './volumes/host-pod-volumes.js';

export interface AgentOptions {
  /** A client of the API with the agent's credentials. */
  readonly client: ApiClient;
  readonly nodeName: string;
  /** The node's InternalIP; default: the first non-loopback IPv4 address. */
  readonly nodeIp?: string;
  /** The node's data dir; the agent keeps containerd, pod volumes, logs and CNI state in `<dataDir>/agent`. */
  readonly dataDir: string;
  /** An existing CRI socket (`unix:///...`); default: run our own containerd under the data dir. */
  readonly containerRuntimeEndpoint?: string;
  /** Where the CNI config goes when the runtime is not ours (default /etc/cni/net.d). */
  readonly cniConfDir?: string;
  /** The Linux bridge of the pod network (default `tug0`). */
  readonly bridgeName?: string;
  /** The cluster CA: the agent's HTTPS endpoint accepts only clients it signed (the API server). */
  readonly caPem?: string;
  /** Address and port of that endpoint (default 0.0.0.0:10250; port 0 picks one). */
  readonly serverHost?: string;
  readonly serverPort?: number;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Node heartbeat (Lease and status) interval; default 10 s. */
  readonly heartbeatMs?: number;
}

export interface RunningAgent {
  readonly nodeName: string;
  readonly nodeIp: string;
  readonly runtime: ContainerRuntime;
  /** The PID of the containerd the agent runs, if it runs one. */
  readonly containerdPid: number | undefined;
  /** The port of the agent's HTTPS endpoint (logs, exec, attach, port-forward); 0 without one. */
  readonly serverPort: number;
  /** Stops the agent; pods keep running (a restarted agent adopts them). */
  stop(): Promise<void>;
}

/**
 * The node agent (our kubelet): runs or connects to containerd, writes the pod
 * network's CNI config once the node has a pod CIDR, registers the node, and runs
 * the pods bound to it.
 */
export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const logger = options.logger.with({ component: 'agent', node: options.nodeName });
  const { clock, client, dataDir } = options;
  const agentDir = join(dataDir, 'agent');
  await mkdir(agentDir, { recursive: true });
  const nodeIp = options.nodeIp ?? defaultNodeIp() ?? '127.0.0.1';
  const stack: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const step of stack.reverse()) {
      try {
        await step();
      } catch (error) {
        logger.warn('stopping the agent: a step failed', { error: errorMessage(error) });
      }
    }
  };
  try {
    const imagePaths = agentImagePaths(dataDir);
    let runtime: ContainerRuntime;
    let supervisor: ContainerdSupervisor | undefined;
    let cniConfDir: string;
    if (options.containerRuntimeEndpoint === undefined) {
      supervisor = new ContainerdSupervisor({ dataDir: imagePaths.containerdDir, logger, clock });
      await supervisor.start();
      const started = supervisor;
      stack.push(async () => started.stop());
      runtime = new CriRuntime(supervisor.endpoint);
      cniConfDir = supervisor.paths.cniConfDir;
    } else {
      runtime = new CriRuntime(options.containerRuntimeEndpoint);
      cniConfDir = options.cniConfDir ?? '/etc/cni/net.d';
    }
    const ownRuntime = runtime;
    stack.push(async () => ownRuntime.close());
    const credentials = await applyRegistriesConfig({ configPath: imagePaths.registriesConfig, hostsDir: imagePaths.registryHostsDir });
    const version = await runtime.version();
    const machine = await readMachineInfo(agentDir);

    let server: AgentServer | undefined;
    if (options.caPem !== undefined) {
      server = await startAgentServer({ runtime, caPem: options.caPem, host: options.serverHost ?? '0.0.0.0', port: options.serverPort ?? 10250, logger });
      const started = server;
      stack.push(async () => started.stop());
    }

    const recorder = new EventRecorder({ client, clock, logger, component: 'kubelet', host: options.nodeName });
    const events = (pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): void => {
      recorder.event({ ...pod, apiVersion: 'v1', kind: 'Pod' }, type, reason, message);
    };
    const network = new PodNetwork({ cniConfDir, ipamDataDir: join(agentDir, 'cni', 'ipam'), bridgeName: options.bridgeName ?? 'tug0' });
    const volumes = new HostPodVolumes({ client, dataDir: agentDir, nodeName: options.nodeName, clock, logger });
    const manager: { current?: PodManager } = {};
    const probes = new ProbeManager({
      runtime,
      clock,
      onUnhealthy: (pod, _container, message) => {
        events(pod, 'Warning', 'Unhealthy', message);
      },
      onChange: (uid) => manager.current?.enqueue(uid),
    });
    stack.push(async () => {
      probes.stop();
    });
    const nodeStatus: NodeStatusManager = new NodeStatusManager({
      client,
      runtime,
      clock,
      logger,
      identity: { name: options.nodeName, nodeIp, machine, containerRuntimeVersion: `${version.runtimeName}://${version.runtimeVersion}`, kubeletPort: server?.port ?? 0 },
      ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
      onPodCidr: (podCidr) => {
        network
          .configure(podCidr)
          .then(() => {
            logger.info('pod network configured', { podCidr, bridge: network.bridgeName });
            nodeStatus.refresh();
          })
          .catch((error: unknown) => {
            logger.error('configuring the pod network failed', { podCidr, error: errorMessage(error) });
          });
      },
    });
    await nodeStatus.start();
    stack.push(async () => nodeStatus.stop());

    const killer = new PodKiller({ runtime, volumes, clock, logger, events });
    const syncer = new PodSyncer({
      client,
      runtime,
      volumes,
      config: new ApiConfigSource(client),
      probes,
      images: new ImagePuller({ runtime, clock, events, authFor: (image) => credentials.forImage(image) }),
      killer,
      events,
      clock,
      logger,
      logsRoot: join(agentDir, 'logs', 'pods'),
      nodeIp,
      nodeMemoryBytes: machine.memoryBytes,
      nodeAllocatable: () => {
        const allocatable = nodeStatus.node?.status?.allocatable ?? {};
        return Object.fromEntries(Object.entries(allocatable).map(([name, value]) => [name, String(value)]));
      },
      hostDns: await hostDnsConfig(),
    });
    const podManager = new PodManager({ client, runtime, syncer, nodeName: options.nodeName, clock, logger });
    manager.current = podManager;
    await podManager.start();
    stack.push(async () => podManager.stop());
    logger.info('agent started', { nodeIp, runtime: `${version.runtimeName} ${version.runtimeVersion}` });
    return {
      nodeName: options.nodeName,
      nodeIp,
      runtime,
      containerdPid: supervisor?.pid,
      serverPort: server?.port ?? 0,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
