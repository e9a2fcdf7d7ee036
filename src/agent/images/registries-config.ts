import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { TugError, errorMessage } from '../../util/errors.js';

/** registries.yaml is malformed; the message names every bad field. */
export class RegistriesConfigError extends TugError {
  readonly code = 'InvalidRegistriesConfig';
}

export interface RegistryMirror {
  /** URLs tried in order (`http://` for plain HTTP); the registry's own endpoint is tried last. */
  readonly endpoint: readonly string[];
}

export interface RegistryAuthConfig {
  readonly username?: string;
  readonly password?: string;
  /** base64 of `username:password`. */
  readonly auth?: string;
  readonly identitytoken?: string;
}

export interface RegistryTlsConfig {
  readonly insecure_skip_verify?: boolean;
  readonly ca_file?: string;
  readonly cert_file?: string;
  readonly key_file?: string;
}

export interface RegistryHostConfig {
  readonly auth?: RegistryAuthConfig;
  readonly tls?: RegistryTlsConfig;
}

/**
 * k3s' registries.yaml: `mirrors` keyed by the registry host that image references
 * name, `configs` keyed by the host of whatever endpoint is contacted (a registry
 * or one of its mirrors).
 */
export interface RegistriesConfig {
  readonly mirrors: Readonly<Record<string, RegistryMirror>>;
  readonly configs: Readonly<Record<string, RegistryHostConfig>>;
}

export const EMPTY_REGISTRIES_CONFIG: RegistriesConfig = { mirrors: {}, configs: {} };

type Problems = string[];

const hostPattern = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::[0-9]{1,5})?$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `configs."docker.io"`: hosts are quoted, since they contain dots. */
function fieldPath(section: string, host: string): string {
  return `${section}.${JSON.stringify(host)}`;
}

function checkKeys(value: Record<string, unknown>, allowed: readonly string[], path: string, problems: Problems): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) problems.push(`${path}${path === '' ? '' : '.'}${key}: unknown field (expected one of ${allowed.join(', ')})`);
  }
}

function checkHost(host: string, path: string, problems: Problems): void {
  if (host === '*') {
    problems.push(`${path}: the "*" wildcard is not supported (containerd 1.6 has no default hosts config); name each registry`);
  } else if (!hostPattern.test(host)) {
    problems.push(`${path}: must be a registry host such as registry.example.com or 127.0.0.1:5000`);
  }
}

function endpointProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `must be an http:// or https:// URL, got ${JSON.stringify(url)}`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `must use http:// or https://, got ${JSON.stringify(url)}`;
  if (parsed.username !== '' || parsed.password !== '') return 'must not carry credentials; put them under configs.<host>.auth';
  if (parsed.search !== '' || parsed.hash !== '') return `must not have a query or fragment, got ${JSON.stringify(url)}`;
  return undefined;
}

function parseMirror(host: string, value: unknown, problems: Problems): RegistryMirror | undefined {
  const path = fieldPath('mirrors', host);
  checkHost(host, path, problems);
  if (!isRecord(value)) {
    problems.push(`${path}: must be a mapping with an endpoint list`);
    return undefined;
  }
  checkKeys(value, ['endpoint', 'rewrite'], path, problems);
  if (value.rewrite !== undefined) {
    problems.push(`${path}.rewrite: not supported (containerd 1.6's hosts.toml cannot rewrite repository paths)`);
  }
  const endpoint = value.endpoint;
  if (!Array.isArray(endpoint) || endpoint.length === 0) {
    problems.push(`${path}.endpoint: must be a non-empty list of URLs`);
    return undefined;
  }
  const urls: string[] = [];
  endpoint.forEach((url: unknown, index) => {
    const problem = typeof url === 'string' ? endpointProblem(url) : 'must be a URL string';
    if (problem !== undefined) problems.push(`${path}.endpoint[${index}]: ${problem}`);
    else urls.push((url as string).replace(/\/+$/, ''));
  });
  return { endpoint: urls };
}

function parseStrings<Key extends string>(
  value: Record<string, unknown>, keys: readonly Key[], path: string, problems: Problems,
): Partial<Record<Key, string>> {
  const result: Partial<Record<Key, string>> = {};
  for (const key of keys) {
    const field = value[key];
    if (field === undefined || field === null) continue;
    if (typeof field === 'string') result[key] = field;
    else problems.push(`${path}.${key}: must be a string`);
  }
  return result;
}

function parseAuth(value: unknown, path: string, problems: Problems): RegistryAuthConfig | undefined {
  if (!isRecord(value)) {
    problems.push(`${path}: must be a mapping`);
    return undefined;
  }
  const keys = ['username', 'password', 'auth', 'identitytoken'] as const;
  checkKeys(value, keys, path, problems);
  const auth = parseStrings(value, keys, path, problems);
  if (auth.auth !== undefined && !Buffer.from(auth.auth, 'base64').toString('utf8').includes(':')) {
    problems.push(`${path}.auth: must be base64 of "username:password"`);
  }
  if (auth.password !== undefined && auth.username === undefined) problems.push(`${path}.username: required with a password`);
  return auth;
}

function parseTls(value: unknown, path: string, problems: Problems): RegistryTlsConfig | undefined {
  if (!isRecord(value)) {
    problems.push(`${path}: must be a mapping`);
    return undefined;
  }
  const keys = ['ca_file', 'cert_file', 'key_file'] as const;
  checkKeys(value, [...keys, 'insecure_skip_verify'], path, problems);
  const files = parseStrings(value, keys, path, problems);
  for (const key of keys) {
    const file = files[key];
    if (file !== undefined && !file.startsWith('/')) problems.push(`${path}.${key}: must be an absolute path`);
  }
  if ((files.cert_file === undefined) !== (files.key_file === undefined)) {
    problems.push(`${path}: cert_file and key_file go together`);
  }
  const skip = value.insecure_skip_verify;
  if (skip !== undefined && typeof skip !== 'boolean') problems.push(`${path}.insecure_skip_verify: must be true or false`);
  return { ...files, ...(typeof skip === 'boolean' ? { insecure_skip_verify: skip } : {}) };
}

function parseHostConfig(host: string, value: unknown, problems: Problems): RegistryHostConfig | undefined {
  const path = fieldPath('configs', host);
  checkHost(host, path, problems);
  if (!isRecord(value)) {
    problems.push(`${path}: must be a mapping with auth and/or tls`);
    return undefined;
  }
  checkKeys(value, ['auth', 'tls'], path, problems);
  const auth = value.auth === undefined || value.auth === null ? undefined : parseAuth(value.auth, `${path}.auth`, problems);
  const tls = value.tls === undefined || value.tls === null ? undefined : parseTls(value.tls, `${path}.tls`, problems);
  return { ...(auth === undefined ? {} : { auth }), ...(tls === undefined ? {} : { tls }) };
}

function parseSection<T>(
  document: Record<string, unknown>, name: 'mirrors' | 'configs', problems: Problems,
  parseEntry: (host: string, value: unknown, problems: Problems) => T | undefined,
): Record<string, T> {
  const section = document[name];
  const entries: Record<string, T> = {};
  if (section === undefined || section === null) return entries;
  if (!isRecord(section)) {
    problems.push(`${name}: must be a mapping of registry hosts`);
    return entries;
  }
  for (const [host, value] of Object.entries(section)) {
    const entry = parseEntry(host, value, problems);
    if (entry !== undefined) entries[host] = entry;
  }
  return entries;
}

/**
 * Parses and validates registries.yaml. `source` names the file in errors. Throws one
 * `RegistriesConfigError` listing every problem with its field path.
 */
export function parseRegistriesConfig(text: string, source = 'registries.yaml'): RegistriesConfig {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new RegistriesConfigError(`${source}: not valid YAML: ${errorMessage(error).split('\n')[0] ?? ''}`, { cause: error });
  }
  if (document === null || document === undefined) return EMPTY_REGISTRIES_CONFIG;
  if (!isRecord(document)) throw new RegistriesConfigError(`${source}: must be a mapping with mirrors and/or configs`);
  const problems: Problems = [];
  checkKeys(document, ['mirrors', 'configs'], '', problems);
  const mirrors = parseSection(document, 'mirrors', problems, parseMirror);
  const configs = parseSection(document, 'configs', problems, parseHostConfig);
  if (problems.length > 0) throw new RegistriesConfigError(`${source}: ${problems.join('; ')}`);
  return { mirrors, configs };
}

/** Reads registries.yaml at `path`; a missing file is an empty config, as in k3s. */
export async function loadRegistriesConfig(path: string): Promise<RegistriesConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_REGISTRIES_CONFIG;
    throw new RegistriesConfigError(`cannot read ${path}: ${errorMessage(error)}`, { cause: error });
  }
  return parseRegistriesConfig(text, path);
}
