import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { runAction } from '../cli/run-action.js';
import { DEFAULT_DATA_DIR } from './defaults.js';
import type { SimFlags } from './run-sim.js';

/** `tug sim`: simulated nodes (like kwok) against a running server, for scale tests and demos. */
export function simCommand(): Command {
  return new Command('sim')
    .description('register simulated nodes that keep their Leases fresh and "run" the pods bound to them, until interrupted')
    .requiredOption('--nodes <n>', 'how many nodes to simulate', positiveInteger)
    .option('--kubeconfig <path>', `the kubeconfig of the cluster (default: KUBECONFIG, else ${join(DEFAULT_DATA_DIR, 'kubeconfig.yaml')})`)
    .option('--name-prefix <prefix>', 'node names are PREFIX-0, PREFIX-1, ...', 'sim')
    .option('--cpu <quantity>', 'CPU capacity of each node', '4')
    .option('--memory <quantity>', 'memory capacity of each node', '8Gi')
    .option('--pods <n>', 'pod capacity of each node', positiveInteger, 110)
    .option('--zones <n>', 'spread nodes over this many zones (label topology.kubernetes.io/zone)', nonNegativeInteger, 0)
    .option('--lease-interval <duration>', 'how often each node renews its Lease (default: 10s, longer beyond 2500 nodes so the server keeps up)')
    .option('--complete-after <duration>', 'how long pods with restartPolicy Never/OnFailure run before they succeed', '1s')
    .option('--crash-fraction <fraction>', 'the fraction of pods that crash with exit code 1', fraction, 0)
    .option('--remove-on-exit', 'delete the simulated nodes when interrupted (default: leave them to go NotReady)')
    .action(
      runAction(async (flags: SimFlags) => {
        const { runSim } = await import('./run-sim.js');
        await runSim(flags);
      }),
    );
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('must be a positive integer');
  return number;
}

function nonNegativeInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('must be an integer, 0 or more');
  return number;
}

function fraction(value: string): number {
  const number = Number(value);
  if (!(number >= 0 && number <= 1)) throw new InvalidArgumentError('must be a number from 0 to 1');
  return number;
}
