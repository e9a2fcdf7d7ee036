import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import type { Storage } from '../../src/storage/interface.js';
import { MemoryStorage } from '../../src/storage/memory/memory-storage.js';
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { UsageError } from '../lib/args.js';
import type { BenchContext, Measurement } from '../lib/types.js';
import { benchEtcd } from './etcd-bench.js';
import { measureStorage } from './suite.js';
import { DEFAULT_SIZES, MEMORY_SIZES, type WorkloadSizes } from './workload.js';

export interface BackendRun {
  readonly measurements: readonly Measurement[];
  readonly notes: readonly string[];
}

interface Backend {
  readonly name: string;
  readonly run: (context: BenchContext, prefix: string) => Promise<BackendRun>;
}

/** Opens a store, measures it and closes it, even if the measuring fails. */
async function measureOpened(
  context: BenchContext,
  name: string,
  storage: Storage,
  prefix: string,
  sizes: WorkloadSizes,
): Promise<BackendRun> {
  const close = context.resources.add(`${name} store`, () => storage.close());
  try {
    return await measureStorage(storage, name, prefix, sizes, context.log);
  } finally {
    await close();
  }
}

function sqliteBackend(synchronous: 'full' | 'normal'): Backend {
  const name = `sqlite-${synchronous}`;
  return {
    name,
    run: async (context, prefix) => {
      const dir = await mkdtemp(join(os.tmpdir(), 'tug-bench-'));
      const removeDir = context.resources.add(`temp dir ${dir}`, () => rm(dir, { recursive: true, force: true }));
      try {
        const storage = await SqliteStorage.open({ path: join(dir, 'state.db'), synchronous });
        const run = await measureOpened(context, name, storage, prefix, DEFAULT_SIZES);
        return { ...run, notes: [`${name}: datastore in ${dir} (synchronous=${synchronous})`, ...run.notes] };
      } finally {
        await removeDir();
      }
    },
  };
}

const BACKENDS: readonly Backend[] = [
  { name: 'memory', run: (context, prefix) => measureOpened(context, 'memory', new MemoryStorage(), prefix, MEMORY_SIZES) },
  sqliteBackend('full'),
  sqliteBackend('normal'),
  { name: 'etcd', run: (context, prefix) => benchEtcd(context, prefix, DEFAULT_SIZES) },
];

/** `sqlite` names both SQLite rows; every other name names one backend. */
const ALIASES: Readonly<Record<string, readonly string[]>> = { sqlite: ['sqlite-full', 'sqlite-normal'] };

export const BACKEND_NAMES = [...BACKENDS.map((backend) => backend.name), ...Object.keys(ALIASES)];

/** The backends `--backends` selects, in the standard order; all of them by default. */
export function selectBackends(names: readonly string[] | undefined): readonly Backend[] {
  if (names === undefined) return BACKENDS;
  const wanted = new Set<string>();
  for (const name of names) {
    const expanded = ALIASES[name] ?? (BACKENDS.some((backend) => backend.name === name) ? [name] : undefined);
    if (expanded === undefined) {
      throw new UsageError(`unknown storage backend "${name}" (known: ${BACKEND_NAMES.join(', ')})`);
    }
    for (const backend of expanded) wanted.add(backend);
  }
  return BACKENDS.filter((backend) => wanted.has(backend.name));
}
