/**
 * Hands out fixed-size subnets (one per node) of an IPv4 cluster CIDR, lowest
 * free first, like upstream's range allocator.
 */
export class CidrAllocator {
  readonly #base: number;
  readonly #count: number;
  readonly #subnetBits: number;
  readonly #used = new Set<number>();

  /** `clusterCidr` e.g. 10.42.0.0/16, split into /`nodeMaskSize` subnets (default 24). */
  constructor(clusterCidr: string, nodeMaskSize = 24) {
    const [address = '', prefixText = ''] = clusterCidr.split('/');
    const prefix = Number(prefixText);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > nodeMaskSize || nodeMaskSize > 30) throw new Error(`cannot split ${clusterCidr} into /${nodeMaskSize} subnets`);
    this.#subnetBits = 32 - nodeMaskSize;
    this.#base = (ipToNumber(address) >>> 0) & mask(prefix);
    this.#count = 2 ** (nodeMaskSize - prefix);
  }

  /** Marks a CIDR (e.g. a node's existing podCIDR) as taken; CIDRs outside the range are ignored. */
  occupy(cidr: string): void {
    const index = this.#indexOf(cidr);
    if (index !== undefined) this.#used.add(index);
  }

  release(cidr: string): void {
    const index = this.#indexOf(cidr);
    if (index !== undefined) this.#used.delete(index);
  }

  /** The lowest free subnet, or undefined when the range is exhausted. */
  allocate(): string | undefined {
    for (let index = 0; index < this.#count; index += 1) {
      if (this.#used.has(index)) continue;
      this.#used.add(index);
      return `${numberToIp(this.#base + index * 2 ** this.#subnetBits)}/${32 - this.#subnetBits}`;
    }
    return undefined;
  }

  #indexOf(cidr: string): number | undefined {
    const [address = '', prefixText = ''] = cidr.split('/');
    if (Number(prefixText) !== 32 - this.#subnetBits || !/^\d+\.\d+\.\d+\.\d+$/.test(address)) return undefined;
    const offset = ipToNumber(address) - this.#base;
    const index = offset / 2 ** this.#subnetBits;
    return Number.isInteger(index) && index >= 0 && index < this.#count ? index : undefined;
  }
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

function ipToNumber(address: string): number {
  return address.split('.').reduce((total, part) => total * 256 + Number(part), 0);
}

function numberToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}
