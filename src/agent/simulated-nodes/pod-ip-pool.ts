const FIRST_HOST = 2;
const LAST_HOST = 254;

/** Pod IPs of one node's /24 (.1 is the bridge), handed out per pod UID and reused after release. */
export class PodIpPool {
  readonly #prefix: string;
  readonly #byPod = new Map<string, string>();
  readonly #taken = new Set<string>();

  constructor(cidr: string) {
    this.#prefix = cidr.slice(0, cidr.lastIndexOf('.') + 1);
  }

  /** The pod's IP: the one it has (kept across simulator restarts), else the lowest free one. */
  allocate(podUid: string, current?: string): string {
    const known = this.#byPod.get(podUid);
    if (known !== undefined) return known;
    if (current !== undefined && current.startsWith(this.#prefix) && !this.#taken.has(current)) return this.#take(podUid, current);
    for (let host = FIRST_HOST; host <= LAST_HOST; host++) {
      const ip = `${this.#prefix}${host}`;
      if (!this.#taken.has(ip)) return this.#take(podUid, ip);
    }
    throw new Error(`no free pod IP left in ${this.#prefix}0/24`);
  }

  release(podUid: string): void {
    const ip = this.#byPod.get(podUid);
    if (ip === undefined) return;
    this.#byPod.delete(podUid);
    this.#taken.delete(ip);
  }

  #take(podUid: string, ip: string): string {
    this.#byPod.set(podUid, ip);
    this.#taken.add(ip);
    return ip;
  }
}
