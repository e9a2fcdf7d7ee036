import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { UsageError, parseCli } from './lib/args.js';
import { machineInfo } from './lib/machine.js';
import { type BenchmarkResult, renderReport, reportJson } from './lib/report.js';
import { Resources } from './lib/resources.js';
import type { BenchContext, BenchmarkEntry } from './lib/types.js';
import { BENCHMARKS, findBenchmark } from './registry.js';

const USAGE = `Usage: npm run bench -- [BENCHMARK...] [--backends LIST] [--json-out FILE]

Runs the named benchmarks (all of them when none is named), prints a table of the
results with their targets, then the results as JSON.

Benchmarks:
${BENCHMARKS.map((entry) => `  ${entry.name.padEnd(10)} ${entry.description}`).join('\n')}

Options:
  --backends LIST   comma-separated storage backends: memory, sqlite (runs both
                    synchronous=full and synchronous=normal), sqlite-full,
                    sqlite-normal, etcd (default: all). etcd uses the endpoints in
                    TUG_BENCH_ETCD_ENDPOINTS (comma-separated) if set, else starts
                    a one-member etcd on a free local port.
  --json-out FILE   also write the JSON results to FILE
  -h, --help        print this help

Exits 0 when every benchmark ran (even if a target was MISSED), 1 on errors.`;

/** Signals this soon after the first are echoes of it (see onSignal), not a second Ctrl-C. */
const REPEAT_SIGNAL_GRACE_MS = 2000;

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

async function runOne(entry: BenchmarkEntry, context: BenchContext): Promise<BenchmarkResult> {
  const started = performance.now();
  try {
    const benchmark = await entry.load();
    const outcome = await benchmark.run(context);
    return { name: entry.name, durationMs: performance.now() - started, ...outcome };
  } catch (error) {
    // A usage mistake (an unknown backend name) needs no stack trace.
    const message = error instanceof UsageError ? error.message : messageOf(error);
    return {
      name: entry.name,
      durationMs: performance.now() - started,
      measurements: [],
      notes: [],
      failures: [`${entry.name}: ${message}`],
    };
  }
}

async function main(argv: readonly string[]): Promise<number> {
  let cli;
  try {
    cli = parseCli(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n\n${USAGE}\n`);
    return 1;
  }
  if (cli.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = cli.names.filter((name) => findBenchmark(name) === undefined);
  if (unknown.length > 0) {
    const known = BENCHMARKS.map((entry) => entry.name).join(', ');
    process.stderr.write(`bench: unknown benchmark ${unknown.map((n) => `"${n}"`).join(', ')} (known: ${known})\n`);
    return 1;
  }
  const names = [...new Set(cli.names)];
  const entries = names.length === 0 ? BENCHMARKS : names.flatMap((name) => findBenchmark(name) ?? []);

  const resources = new Resources();
  let interrupted = false as boolean; // set by the signal handler
  let interruptedAt = 0;
  const onSignal = async (signal: NodeJS.Signals): Promise<void> => {
    if (interrupted) {
      // Ctrl-C reaches this process twice: from the terminal and relayed by tsx. A
      // repeat that soon must not cut the release short; a later one quits at once.
      if (performance.now() - interruptedAt < REPEAT_SIGNAL_GRACE_MS) return;
      log(`${signal} again: quitting without finishing the release`);
      process.exit(130);
    }
    interrupted = true;
    interruptedAt = performance.now();
    log(`${signal}: releasing resources and stopping`);
    for (const problem of await resources.releaseAll()) log(problem);
    process.exit(130);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, (received: NodeJS.Signals) => void onSignal(received));
  }

  const machine = machineInfo();
  const context: BenchContext = { backends: cli.backends, log, resources };
  const results: BenchmarkResult[] = [];
  for (const entry of entries) {
    if (interrupted) break;
    log(`running ${entry.name}`);
    results.push(await runOne(entry, context));
  }
  // The signal handler is releasing everything and will exit; a report of a run cut
  // short would only mislead.
  if (interrupted) return new Promise<number>(() => undefined);
  const leaks = await resources.releaseAll();
  if (leaks.length > 0) results.push({ name: 'cleanup', durationMs: 0, measurements: [], notes: [], failures: leaks });

  const report = { machine, argv, benchmarks: results };
  process.stdout.write(`${renderReport(report)}\nJSON:\n${reportJson(report)}\n`);
  if (cli.jsonOut !== undefined) {
    await writeFile(cli.jsonOut, `${reportJson(report)}\n`);
    log(`wrote ${cli.jsonOut}`);
  }
  return results.some((result) => result.failures.length > 0) ? 1 : 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench: ${messageOf(error)}\n`);
  process.exitCode = 1;
}
