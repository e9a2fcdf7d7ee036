import { TugError } from '../../util/errors.js';
import type { RegistryAuth } from '../runtime/container-runtime.js';

/** An imagePullSecret that is not a readable docker config. */
export class InvalidPullSecretError extends TugError {
  readonly code = 'InvalidPullSecret';
}

/** One registry's credentials from a docker config; `registry` is the key as written. */
export interface DockerConfigEntry {
  /** e.g. `https://index.docker.io/v1/`, `registry.example.com:5000/team`, `*.example.com`. */
  readonly registry: string;
  readonly auth: RegistryAuth;
}

/** The parts of a Secret this needs; `data` values are base64, as in the API. */
export interface PullSecret {
  readonly name?: string;
  readonly type?: string;
  readonly data?: Readonly<Record<string, string>>;
}

const DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson';
const DOCKER_CFG = 'kubernetes.io/dockercfg';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(entry: Record<string, unknown>, key: string): string | undefined {
  const value = entry[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function entryAuth(entry: Record<string, unknown>, where: string): RegistryAuth {
  let username = stringField(entry, 'username');
  let password = stringField(entry, 'password');
  const auth = stringField(entry, 'auth');
  if (auth !== undefined && username === undefined) {
    const decoded = Buffer.from(auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) throw new InvalidPullSecretError(`${where}.auth: must be base64 of "username:password"`);
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1);
  }
  const identityToken = stringField(entry, 'identitytoken');
  const registryToken = stringField(entry, 'registrytoken');
  return {
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    ...(auth === undefined ? {} : { auth }),
    ...(identityToken === undefined ? {} : { identityToken }),
    ...(registryToken === undefined ? {} : { registryToken }),
  };
}

function parseJson(text: string, where: string): Record<string, unknown> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new InvalidPullSecretError(`${where}: not valid JSON`);
  }
  if (!isRecord(document)) throw new InvalidPullSecretError(`${where}: must be a JSON object`);
  return document;
}

/**
 * Decodes an imagePullSecret of type `kubernetes.io/dockerconfigjson`
 * (`.dockerconfigjson`: `{"auths": {registry: {...}}}`) or `kubernetes.io/dockercfg`
 * (`.dockercfg`: `{registry: {...}}`) into per-registry credentials, filling
 * username and password from `auth` as the kubelet does. Throws
 * `InvalidPullSecretError` naming the secret and the bad field.
 */
export function decodeDockerConfigJson(secret: PullSecret): DockerConfigEntry[] {
  const name = secret.name === undefined ? 'imagePullSecret' : `secret ${JSON.stringify(secret.name)}`;
  const key = secret.type === DOCKER_CONFIG_JSON ? '.dockerconfigjson' : secret.type === DOCKER_CFG ? '.dockercfg' : undefined;
  if (key === undefined) {
    throw new InvalidPullSecretError(`${name}: type must be ${DOCKER_CONFIG_JSON} or ${DOCKER_CFG}, got ${JSON.stringify(secret.type ?? '')}`);
  }
  const encoded = secret.data?.[key];
  if (encoded === undefined) throw new InvalidPullSecretError(`${name}: data[${key}] is missing`);
  const where = `${name} data[${key}]`;
  const document = parseJson(Buffer.from(encoded, 'base64').toString('utf8'), where);
  let auths: unknown = document;
  if (key === '.dockerconfigjson') {
    auths = document.auths ?? {};
    if (!isRecord(auths)) throw new InvalidPullSecretError(`${where}.auths: must be an object`);
  }
  return Object.entries(auths as Record<string, unknown>).map(([registry, entry]) => {
    const entryWhere = `${where}${key === '.dockerconfigjson' ? '.auths' : ''}[${JSON.stringify(registry)}]`;
    if (!isRecord(entry)) throw new InvalidPullSecretError(`${entryWhere}: must be an object`);
    return { registry, auth: entryAuth(entry, entryWhere) };
  });
}
