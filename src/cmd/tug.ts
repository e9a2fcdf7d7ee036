import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { datastoreCommand } from './datastore-command.js';

const packageJson = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { version: string };

export function tugProgram(): Command {
  const program = new Command('tug')
    .description('Tugboat: a Kubernetes-compatible container orchestrator in one binary')
    .version(packageJson.version, '-v, --version', 'print the tug version')
    .showHelpAfterError()
    .addCommand(datastoreCommand());
  program
    .command('version')
    .description('print the tug version')
    .action(() => {
      process.stdout.write(`tug version v${packageJson.version} (node ${process.version})\n`);
    });
  return program;
}

await tugProgram().parseAsync(process.argv);
