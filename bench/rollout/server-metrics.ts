import type { RestTransport } from '../../src/client/rest-transport.js';

/** Prometheus samples by `name{labels}`, as `tug server` exposes them on /metrics. */
export type MetricSamples = ReadonlyMap<string, number>;

/** GET /metrics with the admin client; counters and gauges by series. */
export async function scrapeMetrics(transport: RestTransport): Promise<MetricSamples> {
  const response = await transport.request({ method: 'GET', path: '/metrics' });
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}: ${response.body.slice(0, 200)}`);
  const samples = new Map<string, number>();
  for (const line of response.body.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    const value = Number(line.slice(space + 1));
    if (space > 0 && Number.isFinite(value)) samples.set(line.slice(0, space), value);
  }
  return samples;
}

function labelsOf(series: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const open = series.indexOf('{');
  if (open < 0) return labels;
  for (const match of series.slice(open + 1, -1).matchAll(/(\w+)="([^"]*)"/g)) {
    if (match[1] !== undefined) labels[match[1]] = match[2] ?? '';
  }
  return labels;
}

/** Sums the growth of the series named `name` between two scrapes, grouped by `key(labels)`. */
function growthBy(before: MetricSamples, after: MetricSamples, name: string, key: (labels: Record<string, string>) => string): Map<string, number> {
  const totals = new Map<string, number>();
  for (const [series, value] of after) {
    if (!series.startsWith(`${name}{`)) continue;
    const grown = value - (before.get(series) ?? 0);
    if (grown === 0) continue;
    const group = key(labelsOf(series));
    totals.set(group, (totals.get(group) ?? 0) + grown);
  }
  return totals;
}

export interface ReconcileGrowth {
  readonly controller: string;
  /** Reconciles by outcome (success, requeue, error, terminal). */
  readonly outcomes: Readonly<Record<string, number>>;
  readonly total: number;
  /** Wall time spent in reconciles (it includes the awaited API calls). */
  readonly seconds: number;
}

/** Reconciles per controller between two scrapes, the busiest first. */
export function reconcileGrowth(before: MetricSamples, after: MetricSamples): ReconcileGrowth[] {
  const counts = growthBy(before, after, 'tugboat_controller_reconcile_total', (l) => `${l.controller ?? ''}\u0000${l.result ?? ''}`);
  const seconds = growthBy(before, after, 'tugboat_controller_reconcile_seconds_sum', (l) => l.controller ?? '');
  const byController = new Map<string, Record<string, number>>();
  for (const [key, count] of counts) {
    const [controller = '', outcome = ''] = key.split('\u0000');
    const outcomes = byController.get(controller) ?? {};
    outcomes[outcome] = (outcomes[outcome] ?? 0) + count;
    byController.set(controller, outcomes);
  }
  return [...byController]
    .map(([controller, outcomes]) => ({
      controller,
      outcomes,
      total: Object.values(outcomes).reduce((sum, n) => sum + n, 0),
      seconds: seconds.get(controller) ?? 0,
    }))
    .sort((a, b) => b.total - a.total);
}

export interface RequestGrowth {
  /** `VERB resource`, e.g. `POST pods`. */
  readonly request: string;
  readonly count: number;
  /** Summed server-side latency (wall time, overlapping requests counted each). */
  readonly seconds: number;
  /** Responses with a status of 400 or more. */
  readonly failed: number;
}

/** API requests by verb and resource between two scrapes, the most frequent first. */
export function requestGrowth(before: MetricSamples, after: MetricSamples): RequestGrowth[] {
  const key = (l: Record<string, string>): string => `${l.verb ?? ''} ${l.resource === '' || l.resource === undefined ? '(non-resource)' : l.resource}`;
  const counts = growthBy(before, after, 'apiserver_request_total', key);
  const failed = growthBy(before, after, 'apiserver_request_total', (l) => (Number(l.code) >= 400 ? key(l) : ''));
  const seconds = growthBy(before, after, 'apiserver_request_duration_seconds_sum', key);
  return [...counts]
    .map(([request, count]) => ({ request, count, seconds: seconds.get(request) ?? 0, failed: failed.get(request) ?? 0 }))
    .sort((a, b) => b.count - a.count);
}
