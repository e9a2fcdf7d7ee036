import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { memoryWorkingSet, parseCounter } from './memory-working-set.js';

/** The machine's cumulative CPU time and its memory working set at one instant. */
export interface NodeUsageSample {
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
  /** CPU time used by everything on the machine since boot, in nanoseconds. */
  readonly cpuUsageCoreNanoSeconds: number;
  readonly memoryWorkingSetBytes: number;
}

/**
 * Reads the node's usage from the root cgroups (cgroup v1), as the kubelet does for
 * its node summary: `cpuacct/cpuacct.usage`, and `memory/memory.usage_in_bytes` less
 * the inactive file pages of `memory/memory.stat`.
 */
export class NodeUsageReader {
  readonly #cgroupRoot: string;
  readonly #now: () => number;

  constructor(options: { cgroupRoot?: string; now?: () => number } = {}) {
    this.#cgroupRoot = options.cgroupRoot ?? '/sys/fs/cgroup';
    this.#now = options.now ?? Date.now;
  }

  async read(): Promise<NodeUsageSample> {
    const [cpu, usage, stat] = await Promise.all([
      this.#file('cpuacct', 'cpuacct.usage'),
      this.#file('memory', 'memory.usage_in_bytes'),
      this.#file('memory', 'memory.stat'),
    ]);
    return {
      timestamp: this.#now(),
      cpuUsageCoreNanoSeconds: parseCounter(cpu, 'cpuacct.usage'),
      memoryWorkingSetBytes: memoryWorkingSet(usage, stat),
    };
  }

  #file(controller: string, name: string): Promise<string> {
    return readFile(join(this.#cgroupRoot, controller, name), 'utf8');
  }
}
