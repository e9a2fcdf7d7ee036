const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

interface Series {
  count: number;
  sum: number;
  buckets: number[];
}

/**
 * Prometheus metrics per request: `apiserver_request_total` by verb, resource and
 * code, and `apiserver_request_duration_seconds` by verb and resource.
 */
export class RequestMetrics {
  readonly #totals = new Map<string, number>();
  readonly #durations = new Map<string, Series>();
  readonly #extra: (() => string) | undefined;

  /** `extra` adds other components' metrics (controllers, scheduler) to the same page. */
  constructor(extra?: () => string) {
    this.#extra = extra;
  }

  observe(verb: string, resource: string, code: number, seconds: number): void {
    const totalKey = `verb="${verb}",resource="${resource}",code="${code}"`;
    this.#totals.set(totalKey, (this.#totals.get(totalKey) ?? 0) + 1);
    const durationKey = `verb="${verb}",resource="${resource}"`;
    const series = this.#durations.get(durationKey) ?? { count: 0, sum: 0, buckets: BUCKETS.map(() => 0) };
    series.count++;
    series.sum += seconds;
    BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) series.buckets[i] = (series.buckets[i] ?? 0) + 1;
    });
    this.#durations.set(durationKey, series);
  }

  /** The Prometheus text exposition of everything observed. */
  render(): string {
    const lines = [
      '# HELP apiserver_request_total Counter of apiserver requests broken out by verb, resource and HTTP response code.',
      '# TYPE apiserver_request_total counter',
      ...[...this.#totals].map(([labels, value]) => `apiserver_request_total{${labels}} ${value}`),
      '# HELP apiserver_request_duration_seconds Response latency distribution in seconds for each verb and resource.',
      '# TYPE apiserver_request_duration_seconds histogram',
    ];
    for (const [labels, series] of this.#durations) {
      BUCKETS.forEach((bound, i) => lines.push(`apiserver_request_duration_seconds_bucket{${labels},le="${bound}"} ${series.buckets[i] ?? 0}`));
      lines.push(`apiserver_request_duration_seconds_bucket{${labels},le="+Inf"} ${series.count}`);
      lines.push(`apiserver_request_duration_seconds_sum{${labels}} ${series.sum}`);
      lines.push(`apiserver_request_duration_seconds_count{${labels}} ${series.count}`);
    }
    return `${lines.join('\n')}\n${this.#extra?.() ?? ''}`;
  }
}
