import { Command } from 'commander';
import { runAction } from '../cli/run-action.js';
import { DEFAULT_DATA_DIR } from './defaults.js';
import type { ServerFlags } from './run-server.js';

const COMPACTION_INTERVAL_DEFAULT = '5m';

/** `tug server`: the control plane (for now the API server) on this machine. */
export function serverCommand(): Command {
  return new Command('server')
    .description('run the Tugboat control plane (the Kubernetes API server over HTTPS, the controllers and the scheduler) and, unless --disable-agent, an agent that runs pods on this machine')
    .option('--data-dir <dir>', 'where credentials, the kubeconfig and the SQLite datastore live', DEFAULT_DATA_DIR)
    .option('--datastore <url>', 'sqlite://PATH, etcd://HOST:PORT[,HOST:PORT...] or memory:// (default: sqlite://DATA_DIR/state.db)')
    .option('--listen <host:port>', 'address to serve HTTPS on', '0.0.0.0:6443')
    .option('--advertise-address <ip>', 'the address written into the kubeconfig (default: 127.0.0.1)')
    .option('--tls-san <name>', 'an extra DNS name or IP for the serving certificate (repeatable)', collect, [])
    .option('--compaction-interval <duration>', 'how often datastore history is compacted (e.g. 5m, 30s)', COMPACTION_INTERVAL_DEFAULT)
    .option('--node-monitor-grace-period <duration>', 'how long a node may stop reporting before it is marked NotReady', '40s')
    .option('--default-not-ready-toleration-seconds <seconds>', 'how long pods tolerate a NotReady node unless they say otherwise', '300')
    .option('--default-unreachable-toleration-seconds <seconds>', 'how long pods tolerate an unreachable node unless they say otherwise', '300')
    .option('--cluster-cidr <cidr>', 'the pod network; each node gets a /24 of it', '10.42.0.0/16')
    .option('--disable-agent', 'run no agent (no containers) on this machine: the control plane only')
    .option('--node-name <name>', "this machine's node name (default: the hostname)")
    .option('--node-ip <ip>', "this node's InternalIP (default: the first non-loopback IPv4 address)")
    .option('--kubelet-port <port>', "the port of the agent's HTTPS endpoint for logs, exec and port-forward", '10250')
    .option('--disable-controllers', 'serve the API only: run no controllers or scheduler here (another server, or none, runs them)')
    .action(
      runAction(async (flags: ServerFlags) => {
        // Loaded on demand so that `tug --help` and other commands start fast.
        const { runServer } = await import('./run-server.js');
        await runServer(flags);
      }),
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

