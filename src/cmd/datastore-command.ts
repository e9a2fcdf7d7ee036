import { join } from 'node:path';
import { Command } from 'commander';
import { formatFields, runAction } from '../cli/run-action.js';
import type { Storage } from '../storage/interface.js';
import { openStorage } from '../storage/open-storage.js';
import { DEFAULT_DATA_DIR } from './defaults.js';

interface DatastoreFlags {
  readonly datastore?: string;
  readonly dataDir: string;
}

function datastoreUrl(flags: DatastoreFlags): string {
  return flags.datastore ?? `sqlite://${join(flags.dataDir, 'state.db')}`;
}

async function withStorage(flags: DatastoreFlags, use: (storage: Storage, url: string) => Promise<void>) {
  const url = datastoreUrl(flags);
  const storage = await openStorage(url);
  try {
    await use(storage, url);
  } finally {
    await storage.close();
  }
}

function addDatastoreFlags(command: Command): Command {
  return command
    .option('--datastore <url>', 'sqlite://PATH, etcd://HOST:PORT[,HOST:PORT...] or memory:// (default: sqlite://DATA_DIR/state.db)')
    .option('--data-dir <dir>', 'directory of the default SQLite datastore', DEFAULT_DATA_DIR);
}

/** `tug datastore ...`: look at and maintain the datastore of a stopped server. */
export function datastoreCommand(): Command {
  const command = new Command('datastore').description(
    'inspect and maintain a datastore (SQLite datastores only while no server holds them)',
  );
  addDatastoreFlags(
    command
      .command('status')
      .description('show the datastore\'s revision, compacted revision and number of keys'),
  ).action(
    runAction(async (flags: DatastoreFlags) => {
      await withStorage(flags, async (storage, url) => {
        process.stdout.write(
          formatFields([
            ['Datastore', url],
            ['Revision', await storage.currentRevision()],
            ['Compacted', await storage.compactedRevision()],
            ['Keys', await storage.count('/')],
          ]),
        );
      });
    }),
  );
  addDatastoreFlags(
    command.command('compact').description('discard all history older than the current revision'),
  ).action(
    runAction(async (flags: DatastoreFlags) => {
      await withStorage(flags, async (storage) => {
        const revision = await storage.currentRevision();
        await storage.compact(revision);
        process.stdout.write(`compacted history up to revision ${revision}\n`);
      });
    }),
  );
  return command;
}
