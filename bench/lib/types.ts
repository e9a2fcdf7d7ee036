import type { Resources } from './resources.js';

/** The units a measurement is reported in. */
export type Unit = 'writes/s' | 'req/s' | 'ms' | 'x' | 'MiB' | 'count';

/** A goal a measurement is checked against, and whether this run met it. */
export interface Target {
  readonly description: string;
  readonly met: boolean;
}

/** One figure a benchmark measured: one row of the printed table. */
export interface Measurement {
  readonly backend: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: Unit;
  /** How many operations or samples the figure is based on. */
  readonly count?: number;
  /** How many operations were rejected (writes and requests only). */
  readonly errors?: number;
  /** Extra figures kept in the JSON only (elapsed time, other percentiles...). */
  readonly detail?: Readonly<Record<string, number>>;
  readonly target?: Target;
}

/** What every benchmark gets from the runner. */
export interface BenchContext {
  /** The backends named with `--backends`, or undefined for the benchmark's default. */
  readonly backends: readonly string[] | undefined;
  /** Progress messages (to stderr, so stdout keeps only the report). */
  readonly log: (message: string) => void;
  /** Things to release even if the run is interrupted (Ctrl-C). */
  readonly resources: Resources;
}

export interface BenchOutcome {
  readonly measurements: readonly Measurement[];
  /** Remarks worth printing under the table (where the data lived, etc.). */
  readonly notes: readonly string[];
  /** What went wrong; any failure makes the run exit 1. */
  readonly failures: readonly string[];
}

/** The shape of a benchmark module. */
export interface Benchmark {
  run(context: BenchContext): Promise<BenchOutcome>;
}

export interface BenchmarkEntry {
  readonly name: string;
  readonly description: string;
  /** Loads the module on demand, so `bench api` never loads the etcd client. */
  readonly load: () => Promise<Benchmark>;
}
