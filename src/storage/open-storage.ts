import { DatastoreConfigError } from './errors.js';
import type { Storage } from './interface.js';
import { MemoryStorage } from './memory/memory-storage.js';

export type DatastoreLocation =
  | { readonly kind: 'sqlite'; readonly path: string; readonly synchronous: 'full' | 'normal' }
  | { readonly kind: 'etcd'; readonly endpoints: readonly string[] }
  | { readonly kind: 'memory' };

const USAGE = 'use sqlite://PATH, etcd://HOST:PORT[,HOST:PORT...] or memory://';

/** Parses a datastore URL; throws DatastoreConfigError saying what is wrong with it. */
export function parseDatastoreUrl(url: string): DatastoreLocation {
  const bad = (why: string) => new DatastoreConfigError(`datastore URL ${JSON.stringify(url)}: ${why}`);
  const match = /^([a-z0-9]+):\/\/(.*)$/.exec(url);
  if (match === null) throw bad(`not a URL; ${USAGE}`);
  const [, scheme = '', rest = ''] = match;
  switch (scheme) {
    case 'memory':
      if (rest !== '') throw bad('memory:// takes nothing after the scheme');
      return { kind: 'memory' };
    case 'sqlite':
      return parseSqlite(rest, bad);
    case 'etcd':
      return { kind: 'etcd', endpoints: parseEndpoints(rest, bad) };
    default:
      throw bad(`unsupported scheme "${scheme}"; ${USAGE}`);
  }
}

function parseSqlite(rest: string, bad: (why: string) => Error): DatastoreLocation {
  const [path = '', query = ''] = rest.split('?', 2);
  if (path === '') throw bad('sqlite:// needs a file path, e.g. sqlite:///var/lib/tug/state.db');
  let synchronous: 'full' | 'normal' = 'full';
  for (const [name, value] of new URLSearchParams(query)) {
    if (name !== 'synchronous') throw bad(`unknown option "${name}" (supported: synchronous=full|normal)`);
    if (value !== 'full' && value !== 'normal') throw bad(`synchronous must be full or normal, not "${value}"`);
    synchronous = value;
  }
  return { kind: 'sqlite', path, synchronous };
}

function parseEndpoints(rest: string, bad: (why: string) => Error): string[] {
  if (rest === '') throw bad('etcd:// needs at least one HOST:PORT');
  return rest.split(',').map((endpoint) => {
    const hostPort = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(endpoint);
    const port = Number(hostPort?.[2]);
    if (hostPort === null || port < 1 || port > 65535) {
      throw bad(`"${endpoint}" is not HOST:PORT`);
    }
    return endpoint;
  });
}

/**
 * Opens the datastore a URL names, checking that it can be used. Backends load on
 * demand, so a process that uses SQLite never loads the etcd client (and its gRPC).
 */
export async function openStorage(url: string): Promise<Storage> {
  const location = parseDatastoreUrl(url);
  switch (location.kind) {
    case 'memory':
      return new MemoryStorage();
    case 'sqlite': {
      const { SqliteStorage } = await import('./sqlite/sqlite-storage.js');
      return SqliteStorage.open({ path: location.path, synchronous: location.synchronous });
    }
    case 'etcd': {
      const { EtcdStorage } = await import('./etcd/etcd-storage.js');
      return EtcdStorage.connect({ endpoints: [...location.endpoints] });
    }
  }
}
