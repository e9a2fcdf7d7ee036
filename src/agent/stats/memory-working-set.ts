/**
 * The working set of a cgroup v1 memory controller as the kubelet (cAdvisor) counts
 * it: `memory.usage_in_bytes` minus the inactive file pages of `memory.stat`
 * (`total_inactive_file`, the hierarchical count, as the root needs), never below 0.
 */
export function memoryWorkingSet(usageText: string, statText: string): number {
  const usage = parseCounter(usageText, 'memory.usage_in_bytes');
  const inactive = memoryStatValue(statText, 'total_inactive_file') ?? memoryStatValue(statText, 'inactive_file') ?? 0;
  return Math.max(0, usage - inactive);
}

/** One `key value` line of a cgroup's `memory.stat`. */
function memoryStatValue(statText: string, key: string): number | undefined {
  for (const line of statText.split('\n')) {
    const [name, value] = line.trim().split(/\s+/);
    if (name === key && value !== undefined) return parseCounter(value, `memory.stat ${key}`);
  }
  return undefined;
}

/** A cgroup counter file's single non-negative integer. */
export function parseCounter(text: string, file: string): number {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) throw new Error(`${file}: expected a counter, found ${JSON.stringify(trimmed.slice(0, 40))}`);
  return Number(trimmed);
}
