import { type ApiObject, isPlainObject } from '../../api/object.js';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import { apiErrors } from '../http/api-error.js';
import type { ObjectStore } from '../registry/object-store.js';

/** Where a pod's logs and streams are served: its node's agent, and the container meant. */
export interface PodStreamTarget {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  /** Undefined while the pod is not bound to a node. */
  readonly agent: { readonly host: string; readonly port: number } | undefined;
}

/** Node address types in the order the API server prefers them for reaching an agent. */
const ADDRESS_PREFERENCE = ['InternalIP', 'ExternalIP', 'InternalDNS', 'ExternalDNS', 'Hostname'];

/**
 * Reads the pod and picks its container as upstream's LogLocation and streamLocation
 * do (the only container when none is named), then its node's agent address
 * (preferred address + daemonEndpoints.kubeletEndpoint.Port).
 */
export async function podStreamTarget(store: ObjectStore, namespace: string, name: string, container: string): Promise<PodStreamTarget> {
  const pod = await store.get(resource('pods'), namespace, name);
  const spec = isPlainObject(pod.spec) ? pod.spec : {};
  const containers = containerNames(spec.containers);
  const initContainers = containerNames(spec.initContainers);
  let chosen = container;
  if (chosen === '') {
    if (containers.length === 1) chosen = containers[0] ?? '';
    else if (containers.length === 0) throw apiErrors.badRequest(`a container name must be specified for pod ${name}`);
    else {
      const init = initContainers.length > 0 ? ` or one of the init containers: [${initContainers.join(' ')}]` : '';
      throw apiErrors.badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${init}`);
    }
  } else if (![...containers, ...initContainers, ...containerNames(spec.ephemeralContainers)].includes(chosen)) {
    throw apiErrors.badRequest(`container ${chosen} is not valid for pod ${name}`);
  }
  const nodeName = typeof spec.nodeName === 'string' ? spec.nodeName : '';
  if (nodeName === '') return { namespace, pod: name, container: chosen, agent: undefined };
  const node = await store.get(resource('nodes'), undefined, nodeName);
  return { namespace, pod: name, container: chosen, agent: agentAddress(node) };
}

/** A node's agent: its preferred address and `daemonEndpoints.kubeletEndpoint.Port`; a 400 when it publishes neither. */
export function agentAddress(node: ApiObject): { host: string; port: number } {
  const status = isPlainObject(node.status) ? node.status : {};
  const addresses = (Array.isArray(status.addresses) ? status.addresses : []).filter(isPlainObject);
  const preferred = ADDRESS_PREFERENCE.map((type) => addresses.find((address) => address.type === type)?.address).find(
    (address): address is string => typeof address === 'string' && address !== '',
  );
  const endpoints = isPlainObject(status.daemonEndpoints) ? status.daemonEndpoints : {};
  const kubelet = isPlainObject(endpoints.kubeletEndpoint) ? endpoints.kubeletEndpoint : {};
  const port = kubelet.Port;
  if (preferred === undefined) {
    throw apiErrors.badRequest(`no preferred addresses found; known addresses: [${addresses.map((address) => `${String(address.type)} ${String(address.address)}`).join(', ')}]`);
  }
  if (typeof port !== 'number' || port <= 0) throw apiErrors.badRequest(`node ${node.metadata.name ?? ''} does not publish its agent's port`);
  return { host: preferred, port };
}

function containerNames(list: unknown): string[] {
  return (Array.isArray(list) ? list : [])
    .filter(isPlainObject)
    .map((container) => container.name)
    .filter((name): name is string => typeof name === 'string');
}

function resource(name: string): ResourceInfo {
  const info = findResource('', 'v1', name);
  if (info === undefined) throw new Error(`core/v1 ${name} is not a served resource`);
  return info;
}
