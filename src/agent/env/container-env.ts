import type { Pod } from '../../api/kinds.js';
import { Quantity } from '../../api/quantity.js';
import type { EnvVar } from '../runtime/container-runtime.js';
import type { PodContainer } from '../volumes/pod-volumes.js';
import type { ConfigSource } from './config-source.js';
import { expandVariables } from './expand-variables.js';

export interface EnvContext {
  readonly pod: Pod;
  readonly container: PodContainer;
  readonly config: ConfigSource;
  readonly podIps: readonly string[];
  readonly hostIps: readonly string[];
  /** node.status.allocatable: the default for resourceFieldRef limits that are not set. */
  readonly nodeAllocatable: Readonly<Record<string, string>>;
}

/** A container's env cannot be built; the message is the kubelet's, shown with CreateContainerConfigError. */
export class ContainerConfigError extends Error {}

/** The names envFrom skipped because they are not valid variable names (for an event). */
export interface ResolvedEnv {
  readonly env: EnvVar[];
  readonly invalidNames: string[];
}

const envVarName = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Builds a container's environment as the kubelet does: envFrom first, then env (which wins), with $(VAR) expansion. */
export async function resolveContainerEnv(context: EnvContext): Promise<ResolvedEnv> {
  const { pod, container, config } = context;
  const namespace = pod.metadata.namespace ?? 'default';
  const values = new Map<string, string>();
  const invalidNames: string[] = [];
  for (const source of container.envFrom ?? []) {
    const prefix = source.prefix ?? '';
    let data: Record<string, string> | undefined;
    if (source.configMapRef !== undefined) {
      const name = source.configMapRef.name ?? '';
      const found = await config.configMap(namespace, name);
      if (found === undefined && source.configMapRef.optional !== true) throw new ContainerConfigError(`configmap "${name}" not found`);
      data = { ...(found?.data ?? {}) };
    } else if (source.secretRef !== undefined) {
      const name = source.secretRef.name ?? '';
      const found = await config.secret(namespace, name);
      if (found === undefined && source.secretRef.optional !== true) throw new ContainerConfigError(`secret "${name}" not found`);
      data = decodeSecretData(found?.data);
    }
    for (const [key, value] of Object.entries(data ?? {})) {
      const name = `${prefix}${key}`;
      if (envVarName.test(name)) values.set(name, value);
      else invalidNames.push(name);
    }
  }
  for (const variable of container.env ?? []) {
    const resolved = await resolveOne(variable, context, namespace, values);
    if (resolved !== undefined) values.set(variable.name, resolved);
  }
  return { env: [...values].map(([name, value]) => ({ name, value })), invalidNames };
}

type PodEnvVar = NonNullable<PodContainer['env']>[number];

async function resolveOne(variable: PodEnvVar, context: EnvContext, namespace: string, values: ReadonlyMap<string, string>): Promise<string | undefined> {
  const source = variable.valueFrom;
  if (source === undefined) return expandVariables(variable.value ?? '', (name) => values.get(name));
  if (source.configMapKeyRef !== undefined) {
    const { name = '', key, optional } = source.configMapKeyRef;
    const found = await context.config.configMap(namespace, name);
    if (found === undefined) {
      if (optional === true) return undefined;
      throw new ContainerConfigError(`configmap "${name}" not found`);
    }
    const value = found.data?.[key] ?? (found.binaryData?.[key] === undefined ? undefined : Buffer.from(found.binaryData[key], 'base64').toString('utf8'));
    if (value === undefined && optional !== true) throw new ContainerConfigError(`couldn't find key ${key} in ConfigMap ${namespace}/${name}`);
    return value;
  }
  if (source.secretKeyRef !== undefined) {
    const { name = '', key, optional } = source.secretKeyRef;
    const found = await context.config.secret(namespace, name);
    if (found === undefined) {
      if (optional === true) return undefined;
      throw new ContainerConfigError(`secret "${name}" not found`);
    }
    const value = decodeSecretData(found.data)[key];
    if (value === undefined && optional !== true) throw new ContainerConfigError(`couldn't find key ${key} in Secret ${namespace}/${name}`);
    return value;
  }
  if (source.fieldRef !== undefined) return fieldValue(source.fieldRef.fieldPath, context);
  if (source.resourceFieldRef !== undefined) return resourceValue(source.resourceFieldRef, context);
  return undefined;
}

function decodeSecretData(data: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]));
}

/** The downward API's field paths. */
export function fieldValue(path: string, context: Pick<EnvContext, 'pod' | 'podIps' | 'hostIps'>): string {
  const { pod } = context;
  const subscript = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (subscript !== null) {
    const map = subscript[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations;
    return map?.[subscript[2] ?? ''] ?? '';
  }
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? 'default';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'metadata.labels':
      return formatMap(pod.metadata.labels);
    case 'metadata.annotations':
      return formatMap(pod.metadata.annotations);
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
      return context.hostIps[0] ?? '';
    case 'status.hostIPs':
      return context.hostIps.join(',');
    case 'status.podIP':
      return context.podIps[0] ?? '';
    case 'status.podIPs':
      return context.podIps.join(',');
    default:
      throw new ContainerConfigError(`unsupported fieldPath: ${path}`);
  }
}

function formatMap(map: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(map ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join('\n');
}

type ResourceFieldRef = NonNullable<NonNullable<PodEnvVar['valueFrom']>['resourceFieldRef']>;

/** requests/limits of the named container, rounded up to the divisor; unset limits default to the node's allocatable. */
export function resourceValue(reference: ResourceFieldRef, context: Pick<EnvContext, 'pod' | 'container' | 'nodeAllocatable'>): string {
  const containerName = reference.containerName ?? context.container.name;
  const container = [...(context.pod.spec?.containers ?? []), ...(context.pod.spec?.initContainers ?? [])].find((entry) => entry.name === containerName) ?? context.container;
  const [kind, resource = ''] = reference.resource.split('.', 2) as [string, string | undefined];
  const limits = container.resources?.limits ?? {};
  const requests = container.resources?.requests ?? {};
  let text: string | number | undefined;
  if (kind === 'limits') text = limits[resource] ?? context.nodeAllocatable[resource];
  else if (kind === 'requests') text = requests[resource] ?? limits[resource] ?? (resource === 'cpu' || resource === 'memory' ? '0' : undefined);
  if (text === undefined) throw new ContainerConfigError(`unsupported container resource : ${reference.resource}`);
  const quantity = Quantity.from(text);
  const divisor = Quantity.from(reference.divisor ?? (resource === 'cpu' ? '1' : '1'));
  const nanos = quantity.nanoValue();
  const divisorNanos = divisor.nanoValue();
  if (divisorNanos === 0n) return '0';
  const result = (nanos + divisorNanos - 1n) / divisorNanos;
  return String(result);
}
