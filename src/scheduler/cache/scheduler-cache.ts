import type { Node } from '../../api/kinds.js';
import { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { Snapshot } from '../framework/snapshot.js';

const ZONE_LABEL = 'topology.kubernetes.io/zone';

/**
 * What the scheduler knows of nodes and the pods on them: bound pods from the
 * informer, plus pods it has assumed onto a node while their binding is in flight.
 * It is the Snapshot cycles read; the scheduler never yields inside a cycle, so no
 * copy is needed.
 */
export class SchedulerCache implements Snapshot {
  readonly #nodes = new Map<string, NodeInfo>();
  readonly #podNode = new Map<string, string>();
  readonly #assumed = new Set<string>();
  readonly #imageNodes = new Map<string, number>();
  #list: NodeInfo[] = [];
  #listDirty = false;
  #podsWithAffinity = 0;
  #podsWithRequiredAntiAffinity = 0;

  /** Nodes interleaved by zone (as upstream's node tree), so a sample of them spans zones. */
  get nodes(): readonly NodeInfo[] {
    if (this.#listDirty) this.#rebuildList();
    return this.#list;
  }

  get(name: string): NodeInfo | undefined {
    const info = this.#nodes.get(name);
    return info?.node === undefined ? undefined : info;
  }

  get podsWithAffinity(): number {
    return this.#podsWithAffinity;
  }

  get podsWithRequiredAntiAffinity(): number {
    return this.#podsWithRequiredAntiAffinity;
  }

  imageNodeCount(image: string): number {
    return this.#imageNodes.get(image) ?? 0;
  }

  get podCount(): number {
    return this.#podNode.size;
  }

  /** Adds or updates a node. */
  setNode(node: Node): void {
    const name = node.metadata.name ?? '';
    let info = this.#nodes.get(name);
    if (info === undefined) {
      info = new NodeInfo(name);
      this.#nodes.set(name, info);
    }
    const zoneBefore = info.node === undefined ? undefined : (info.labels[ZONE_LABEL] ?? '');
    this.#countImages(info, -1);
    info.setNode(node);
    this.#countImages(info, 1);
    if (zoneBefore !== (info.labels[ZONE_LABEL] ?? '')) this.#listDirty = true;
  }

  removeNode(name: string): void {
    const info = this.#nodes.get(name);
    if (info === undefined) return;
    this.#countImages(info, -1);
    info.node = undefined;
    // A node with pods stays until they go (their deletes must still be subtracted).
    if (info.pods.size === 0) this.#nodes.delete(name);
    this.#listDirty = true;
  }

  /** A bound pod from the informer (also confirms a pod this scheduler assumed). */
  addPod(pod: PodInfo): void {
    this.removePod(pod.key);
    this.#place(pod, pod.nodeName);
  }

  removePod(key: string): void {
    this.#assumed.delete(key);
    const nodeName = this.#podNode.get(key);
    if (nodeName === undefined) return;
    this.#podNode.delete(key);
    const info = this.#nodes.get(nodeName);
    if (info === undefined) return;
    const pod = info.pods.get(key);
    if (pod !== undefined) {
      if (pod.hasAffinity) this.#podsWithAffinity--;
      if (pod.requiredAntiAffinity.length > 0) this.#podsWithRequiredAntiAffinity--;
    }
    info.removePod(key);
    if (info.node === undefined && info.pods.size === 0) this.#nodes.delete(nodeName);
  }

  /** Counts a pod on `nodeName` before its binding is confirmed. */
  assumePod(pod: PodInfo, nodeName: string): void {
    this.removePod(pod.key);
    this.#place(pod, nodeName);
    this.#assumed.add(pod.key);
  }

  /** Undoes `assumePod` after the binding failed. */
  forgetPod(key: string): void {
    if (this.#assumed.has(key)) this.removePod(key);
  }

  isAssumed(key: string): boolean {
    return this.#assumed.has(key);
  }

  #place(pod: PodInfo, nodeName: string): void {
    let info = this.#nodes.get(nodeName);
    if (info === undefined) {
      info = new NodeInfo(nodeName);
      this.#nodes.set(nodeName, info);
    }
    info.addPod(pod);
    this.#podNode.set(pod.key, nodeName);
    if (pod.hasAffinity) this.#podsWithAffinity++;
    if (pod.requiredAntiAffinity.length > 0) this.#podsWithRequiredAntiAffinity++;
  }

  #countImages(info: NodeInfo, delta: number): void {
    if (info.node === undefined) return;
    for (const image of info.imageSizes.keys()) {
      const count = (this.#imageNodes.get(image) ?? 0) + delta;
      if (count > 0) this.#imageNodes.set(image, count);
      else this.#imageNodes.delete(image);
    }
  }

  #rebuildList(): void {
    const zones = new Map<string, NodeInfo[]>();
    for (const info of this.#nodes.values()) {
      if (info.node === undefined) continue;
      const zone = info.labels[ZONE_LABEL] ?? '';
      let members = zones.get(zone);
      if (members === undefined) {
        members = [];
        zones.set(zone, members);
      }
      members.push(info);
    }
    const groups = [...zones.values()];
    const list: NodeInfo[] = [];
    for (let i = 0; list.length < this.#nodes.size; i++) {
      let added = false;
      for (const group of groups) {
        const info = group[i];
        if (info !== undefined) {
          list.push(info);
          added = true;
        }
      }
      if (!added) break;
    }
    this.#list = list;
    this.#listDirty = false;
  }
}
