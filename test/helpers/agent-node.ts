import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startAgent, type RunningAgent } from '../../src/agent/agent.js';
import { agentImagePaths } from '../../src/agent/images/agent-image-paths.js';
import { busyboxImageArchive } from '../../src/agent/runtime/containerd/busybox-image.js';
import { ContainerdSupervisor } from '../../src/agent/runtime/containerd/containerd-supervisor.js';
import { CriRuntime } from '../../src/agent/runtime/cri/cri-runtime.js';
import { importImageArchive } from '../../src/agent/runtime/containerd/image-importer.js';
import { reclaimContainerdLeftovers } from '../../src/agent/runtime/containerd/reclaim-containerd-leftovers.js';
import { ApiClient, resourceOf } from '../../src/client/api-client.js';
import { Http2Transport } from '../../src/client/http2-transport.js';
import { loadKubeconfig } from '../../src/client/kubeconfig.js';
import { nodeIpamController } from '../../src/controllers/nodeipam/node-ipam-controller.js';
import { serviceAccountController } from '../../src/controllers/serviceaccount/service-account-controller.js';
import { schedulerComponent } from '../../src/scheduler/scheduler.js';
import { systemClock } from '../../src/util/clock.js';
import { LineLogger, silentLogger, type Logger } from '../../src/util/logger.js';
import type { ControllerSpec } from '../../src/controllers/runtime/controller-spec.js';
import { startTestControlPlane, type TestControlPlane } from './control-plane.js';

const execFileAsync = promisify(execFile);

export const BUSYBOX_IMAGE = 'tugboat.local/busybox:e2e';

export interface AgentTestCluster {
  readonly plane: TestControlPlane;
  readonly nodeName: string;
  readonly bridgeName: string;
  readonly dataDir: string;
  agent: RunningAgent;
  /** Stops the agent and starts a new one on the same data dir (pods keep running). */
  restartAgent(): Promise<void>;
  /** Removes every pod sandbox, containerd, the bridge, the data dir and the control plane. */
  stop(): Promise<void>;
}

/**
 * A one-node cluster in this process: a control plane with the scheduler, the node
 * IPAM controller and any `controllers` given, and a real agent with its own containerd and pod bridge in
 * a temporary directory, holding a busybox image. Set TUG_TEST_LOGS=1 for logs.
 */
export async function startAgentTestCluster(options: { controllers?: readonly ControllerSpec[] } = {}): Promise<AgentTestCluster> {
  const plane = await startTestControlPlane({
    controllers: [nodeIpamController(), serviceAccountController, ...(options.controllers ?? [])],
    leaderComponents: [schedulerComponent()],
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'tug-agent-'));
  const suffix = randomBytes(3).toString('hex');
  const nodeName = `node-${suffix}`;
  const bridgeName = `tugt${suffix}`;
  const logger: Logger = process.env.TUG_TEST_LOGS === '1' ? new LineLogger({ component: 'test-agent' }) : silentLogger;
  const connection = await loadKubeconfig(plane.kubeconfig);
  const transport = new Http2Transport(connection);
  const client = new ApiClient({ transport, fieldManager: 'kubelet' });
  const start = async (): Promise<RunningAgent> =>
    startAgent({ client, nodeName, nodeIp: '127.0.0.1', dataDir, bridgeName, caPem: connection.caPem, serverHost: '127.0.0.1', serverPort: 0, clock: systemClock, logger });
  const cleanUp = async (agent: RunningAgent | undefined): Promise<void> => {
    await agent?.stop();
    await removeEverySandbox(agentImagePaths(dataDir).containerdDir);
    await reclaimContainerdLeftovers(agentImagePaths(dataDir).containerdDir);
    await execFileAsync('ip', ['link', 'delete', bridgeName]).catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    await transport.close();
    await plane.stop();
  };
  let agent: RunningAgent | undefined;
  try {
    // Pods get a service account token volume that also projects the cluster CA (the root CA publisher's ConfigMap).
    await plane.client.create(resourceOf('v1', 'ConfigMap'), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-root-ca.crt', namespace: 'default' },
      data: { 'ca.crt': connection.caPem },
    });
    agent = await start();
    const archivePath = join(dataDir, 'busybox.tar');
    await writeFile(archivePath, await busyboxImageArchive(BUSYBOX_IMAGE));
    await importImageArchive({ address: agentImagePaths(dataDir).containerdSocket, archivePath });
  } catch (error) {
    await cleanUp(agent);
    throw error;
  }
  const cluster: AgentTestCluster = {
    plane,
    nodeName,
    bridgeName,
    dataDir,
    agent,
    restartAgent: async () => {
      await cluster.agent.stop();
      cluster.agent = await start();
    },
    stop: async () => cleanUp(cluster.agent),
  };
  return cluster;
}

/**
 * With the agent stopped (so nothing recreates them), removes every sandbox through
 * CRI: containerd's CNI DEL releases pod IPs, netns and iptables rules.
 */
async function removeEverySandbox(containerdDir: string): Promise<void> {
  const supervisor = new ContainerdSupervisor({ dataDir: containerdDir });
  try {
    await supervisor.start();
    const runtime = new CriRuntime(supervisor.endpoint);
    try {
      for (const sandbox of await runtime.listPodSandboxes()) await runtime.removePodSandbox(sandbox.id);
    } finally {
      await runtime.close();
    }
  } finally {
    await supervisor.stop();
  }
}
