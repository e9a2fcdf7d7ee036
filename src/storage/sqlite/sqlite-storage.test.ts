import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { describeStorageConformance } from '../conformance/storage-conformance.js';
import { SqliteStorage } from './sqlite-storage.js';

const dir = await mkdtemp(join(tmpdir(), 'tug-sqlite-conformance-'));
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describeStorageConformance('sqlite', { open: () => SqliteStorage.open({ path: join(dir, 'state.db') }) });
