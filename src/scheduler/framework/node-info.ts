import type { ITaint } from 'kubernetes-models/v1/Taint';
import type { Node } from '../../api/kinds.js';
import type { HostPort, PodInfo } from './pod-info.js';
import { addResources, emptyResources, resourcesOf, type Resources } from './resources.js';

const WILDCARD_IP = '0.0.0.0';
/** Upstream's kubelet default when a node reports no `pods` capacity. */
const DEFAULT_MAX_PODS = 110;

/**
 * One node as the scheduler sees it: the Node object's parsed fields plus the pods
 * on it (bound or assumed) and their sums, updated in place as pods come and go.
 */
export class NodeInfo {
  readonly name: string;
  node: Node | undefined;
  labels: Readonly<Record<string, string>> = {};
  taints: readonly ITaint[] = [];
  unschedulable = false;
  allocatable: Resources = emptyResources();
  allowedPodNumber = DEFAULT_MAX_PODS;
  /** Image name (as listed in node status) -> size in bytes. */
  imageSizes: ReadonlyMap<string, number> = new Map();
  readonly requested: Resources = emptyResources();
  nonZeroMilliCpu = 0;
  nonZeroMemory = 0;
  readonly pods = new Map<string, PodInfo>();
  podsWithAffinity = 0;
  podsWithRequiredAntiAffinity = 0;
  /** `protocol/port` -> host IP -> how many pods use it. */
  readonly #usedPorts = new Map<string, Map<string, number>>();

  constructor(name: string) {
    this.name = name;
  }

  setNode(node: Node): void {
    this.node = node;
    this.labels = node.metadata.labels ?? {};
    this.taints = node.spec?.taints ?? [];
    this.unschedulable = node.spec?.unschedulable === true;
    const allocatable = (node.status?.allocatable ?? node.status?.capacity) as Record<string, string | number> | undefined;
    this.allocatable = resourcesOf(allocatable);
    const pods = allocatable?.pods;
    this.allowedPodNumber = pods === undefined ? DEFAULT_MAX_PODS : Number.parseInt(String(pods), 10) || 0;
    const images = new Map<string, number>();
    for (const image of node.status?.images ?? []) {
      for (const name of image.names ?? []) images.set(normalizedImageName(name), image.sizeBytes ?? 0);
    }
    this.imageSizes = images;
  }

  addPod(pod: PodInfo): void {
    this.pods.set(pod.key, pod);
    addResources(this.requested, pod.requests);
    this.nonZeroMilliCpu += pod.nonZeroMilliCpu;
    this.nonZeroMemory += pod.nonZeroMemory;
    if (pod.hasAffinity) this.podsWithAffinity++;
    if (pod.requiredAntiAffinity.length > 0) this.podsWithRequiredAntiAffinity++;
    for (const port of pod.hostPorts) this.#changePort(port, 1);
  }

  /** Removes the pod with this key; false if it was not here. */
  removePod(key: string): boolean {
    const pod = this.pods.get(key);
    if (pod === undefined) return false;
    this.pods.delete(key);
    addResources(this.requested, pod.requests, -1);
    this.nonZeroMilliCpu -= pod.nonZeroMilliCpu;
    this.nonZeroMemory -= pod.nonZeroMemory;
    if (pod.hasAffinity) this.podsWithAffinity--;
    if (pod.requiredAntiAffinity.length > 0) this.podsWithRequiredAntiAffinity--;
    for (const port of pod.hostPorts) this.#changePort(port, -1);
    return true;
  }

  /** Whether a pod wanting `port` would clash with one already here (0.0.0.0 clashes with every IP). */
  portConflicts(port: HostPort): boolean {
    const ips = this.#usedPorts.get(`${port.protocol}/${port.port}`);
    if (ips === undefined) return false;
    if (port.ip === WILDCARD_IP) return ips.size > 0;
    return ips.has(port.ip) || ips.has(WILDCARD_IP);
  }

  #changePort(port: HostPort, delta: number): void {
    const key = `${port.protocol}/${port.port}`;
    let ips = this.#usedPorts.get(key);
    if (ips === undefined) {
      ips = new Map();
      this.#usedPorts.set(key, ips);
    }
    const count = (ips.get(port.ip) ?? 0) + delta;
    if (count > 0) ips.set(port.ip, count);
    else ips.delete(port.ip);
    if (ips.size === 0) this.#usedPorts.delete(key);
  }
}

/** `nginx` -> `docker.io/library/nginx:latest`-style normalization, enough to compare names. */
export function normalizedImageName(name: string): string {
  if (name.includes('@')) return name;
  const lastSlash = name.lastIndexOf('/');
  return name.slice(lastSlash + 1).includes(':') ? name : `${name}:latest`;
}
