import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { isPlainObject } from '../api/object.js';
import type { Http2TransportOptions } from './http2-transport.js';

/** Reads the current context of a kubeconfig file into transport options. */
export async function loadKubeconfig(path: string): Promise<Http2TransportOptions> {
  const document: unknown = parse(await readFile(path, 'utf8'));
  if (!isPlainObject(document)) throw new Error(`${path} is not a kubeconfig file`);
  const contextName = stringField(document, 'current-context');
  const context = namedEntry(document, 'contexts', contextName, 'context', path);
  const cluster = namedEntry(document, 'clusters', stringField(context, 'cluster'), 'cluster', path);
  const user = namedEntry(document, 'users', stringField(context, 'user'), 'user', path);
  const server = stringField(cluster, 'server');
  if (server === undefined) throw new Error(`${path}: cluster has no server`);
  const caPem = decoded(stringField(cluster, 'certificate-authority-data'));
  if (caPem === undefined) throw new Error(`${path}: cluster has no certificate-authority-data`);
  const clientCertPem = decoded(stringField(user, 'client-certificate-data'));
  const clientKeyPem = decoded(stringField(user, 'client-key-data'));
  const bearerToken = stringField(user, 'token');
  return {
    server,
    caPem,
    ...(clientCertPem === undefined ? {} : { clientCertPem }),
    ...(clientKeyPem === undefined ? {} : { clientKeyPem }),
    ...(bearerToken === undefined ? {} : { bearerToken }),
  };
}

function stringField(object: Record<string, unknown>, field: string): string | undefined {
  const value = object[field];
  return typeof value === 'string' ? value : undefined;
}

function namedEntry(
  document: Record<string, unknown>,
  list: string,
  name: string | undefined,
  field: string,
  path: string,
): Record<string, unknown> {
  const entries = document[list];
  const entry = Array.isArray(entries) ? (entries as unknown[]).find((item) => isPlainObject(item) && item.name === name) : undefined;
  const value = isPlainObject(entry) ? entry[field] : undefined;
  if (!isPlainObject(value)) throw new Error(`${path}: no ${field} named ${JSON.stringify(name ?? '')}`);
  return value;
}

function decoded(base64: string | undefined): string | undefined {
  return base64 === undefined ? undefined : Buffer.from(base64, 'base64').toString('utf8');
}
