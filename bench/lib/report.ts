import { describeMachine, type MachineInfo } from './machine.js';
import { renderTable } from './table.js';
import type { BenchOutcome } from './types.js';

export interface BenchmarkResult extends BenchOutcome {
  readonly name: string;
  readonly durationMs: number;
}

export interface Report {
  readonly machine: MachineInfo;
  readonly argv: readonly string[];
  readonly benchmarks: readonly BenchmarkResult[];
}

/** The human-readable part of the report: tables, target verdicts, notes, failures. */
export function renderReport(report: Report): string {
  const out: string[] = [`Machine: ${describeMachine(report.machine)}`, ''];
  for (const result of report.benchmarks) {
    out.push(`== ${result.name} (${(result.durationMs / 1000).toFixed(1)} s)`, '');
    if (result.measurements.length > 0) out.push(renderTable(result.measurements), '');
    const targets = result.measurements.filter((m) => m.target !== undefined);
    const missed = targets.filter((m) => m.target?.met === false);
    if (targets.length > 0) {
      out.push(
        missed.length === 0
          ? `Targets: all ${targets.length} met.`
          : `Targets: ${targets.length - missed.length} of ${targets.length} met; MISSED:`,
      );
      for (const m of missed) out.push(`  MISSED  ${m.backend} ${m.metric}: needs ${m.target?.description ?? ''}`);
      out.push('');
    }
    if (result.notes.length > 0) out.push('Notes:', ...result.notes.map((note) => `  - ${note}`), '');
    if (result.failures.length > 0) {
      out.push('FAILURES:', ...result.failures.map((failure) => `  - ${failure}`), '');
    }
  }
  return out.join('\n');
}

export function reportJson(report: Report): string {
  return JSON.stringify(report, null, 2);
}
