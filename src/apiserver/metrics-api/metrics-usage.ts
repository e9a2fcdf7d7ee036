import { Quantity } from '../../api/quantity.js';
import type { ResourceUsage } from '../../api/resource-usage-summary.js';

/** A metrics object's `usage`: CPU in nano cores as a canonical quantity (`250m`, `1234567n`), memory in bytes as BinarySI (`1024Ki`). */
export function metricsUsage(usage: Pick<ResourceUsage, 'cpu' | 'memory'>): { cpu: string; memory: string } {
  return {
    cpu: Quantity.parse(`${Math.max(0, Math.round(usage.cpu.usageNanoCores))}n`).toString(),
    memory: Quantity.fromValue(Math.max(0, Math.round(usage.memory.workingSetBytes)), 'BinarySI').toString(),
  };
}

/** A window as Go's time.Duration prints it (metav1.Duration in JSON): `1.002s`, `500ms`, `1m0.5s`. */
export function metricsWindow(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const rest = (ms % 60_000) / 1000;
  const secondsText = `${Number(rest.toFixed(3))}s`;
  if (hours > 0) return `${hours}h${minutes}m${secondsText}`;
  if (minutes > 0) return `${minutes}m${secondsText}`;
  return secondsText;
}
