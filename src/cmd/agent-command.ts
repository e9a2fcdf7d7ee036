import { Command } from 'commander';
import { runAction } from '../cli/run-action.js';
import { DEFAULT_DATA_DIR } from './defaults.js';
import type { AgentFlags } from './run-agent.js';

/** `tug agent`: this machine as a node of a cluster (our kubelet), with its own containerd unless told otherwise. */
export function agentCommand(): Command {
  return new Command('agent')
    .description('run this machine as a node: register it with the server and run the pods bound to it in containerd')
    .option('--server <url>', 'the API server to join, e.g. https://10.0.0.1:6443 (with --token)')
    .option('--token <token>', "the cluster's join token (the server's DATA_DIR/token)")
    .option('--ca-file <path>', "the cluster CA to trust (with --server; default: the CA the server presents, trusted on first use)")
    .option('--kubeconfig <path>', 'join with the credentials of a kubeconfig instead of --server/--token')
    .option('--node-name <name>', 'the name of this node (default: the hostname)')
    .option('--node-ip <ip>', "the node's InternalIP (default: the first non-loopback IPv4 address)")
    .option('--data-dir <dir>', 'where the agent keeps containerd, pod volumes and logs (in DATA_DIR/agent)', DEFAULT_DATA_DIR)
    .option('--container-runtime-endpoint <endpoint>', 'use this CRI socket (unix:///...) instead of starting our own containerd')
    .option('--kubelet-port <port>', "the port of the agent's HTTPS endpoint for logs, exec and port-forward", '10250')
    .option('--bridge <name>', 'the Linux bridge of the pod network', 'tug0')
    .action(
      runAction(async (flags: AgentFlags) => {
        const { runAgent } = await import('./run-agent.js');
        await runAgent(flags);
      }),
    );
}
