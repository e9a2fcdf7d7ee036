import { Command } from 'commander';
import { agentCommand } from './agent-command.js';
import { datastoreCommand } from './datastore-command.js';
import { imagesCommand } from './images-command.js';
import { serverCommand } from './server-command.js';
import { simCommand } from './sim-command.js';
import { tugVersion } from './server-version.js';

export function tugProgram(): Command {
  const program = new Command('tug')
    .description('Tugboat: a Kubernetes-compatible container orchestrator in one binary')
    .version(tugVersion(), '-v, --version', 'print the tug version')
    .showHelpAfterError()
    .addCommand(serverCommand())
    .addCommand(agentCommand())
    .addCommand(datastoreCommand())
    .addCommand(simCommand())
    .addCommand(imagesCommand());
  program
    .command('version')
    .description('print the tug version')
    .action(() => {
      process.stdout.write(`tug version v${tugVersion()} (node ${process.version})\n`);
    });
  return program;
}

await tugProgram().parseAsync(process.argv);
