export type ReconcileOutcome = 'success' | 'requeue' | 'error' | 'terminal';

interface Series {
  count: number;
  seconds: number;
}

/** Reconcile counts and durations per controller and outcome, in Prometheus text form. */
export class ControllerMetrics {
  readonly #series = new Map<string, Series>();
  readonly #depth = new Map<string, () => number>();

  observe(controller: string, outcome: ReconcileOutcome, seconds: number): void {
    const key = `${controller}\u0000${outcome}`;
    const series = this.#series.get(key) ?? { count: 0, seconds: 0 };
    series.count += 1;
    series.seconds += seconds;
    this.#series.set(key, series);
  }

  trackQueueDepth(controller: string, depth: () => number): void {
    this.#depth.set(controller, depth);
  }

  count(controller: string, outcome: ReconcileOutcome): number {
    return this.#series.get(`${controller}\u0000${outcome}`)?.count ?? 0;
  }

  render(): string {
    const lines = [
      '# HELP tugboat_controller_reconcile_total Reconciles by controller and outcome.',
      '# TYPE tugboat_controller_reconcile_total counter',
    ];
    const durations = [
      '# HELP tugboat_controller_reconcile_seconds_sum Time spent reconciling by controller and outcome.',
      '# TYPE tugboat_controller_reconcile_seconds_sum counter',
    ];
    for (const [key, series] of [...this.#series].sort(([a], [b]) => a.localeCompare(b))) {
      const [controller, outcome] = key.split('\u0000');
      const labels = `{controller="${controller ?? ''}",result="${outcome ?? ''}"}`;
      lines.push(`tugboat_controller_reconcile_total${labels} ${series.count}`);
      durations.push(`tugboat_controller_reconcile_seconds_sum${labels} ${series.seconds.toFixed(6)}`);
    }
    const depth = ['# HELP tugboat_workqueue_depth Keys waiting per controller.', '# TYPE tugboat_workqueue_depth gauge'];
    for (const [controller, read] of this.#depth) depth.push(`tugboat_workqueue_depth{name="${controller}"} ${read()}`);
    return [...lines, ...durations, ...depth].join('\n') + '\n';
  }
}
