import type { Measurement } from './types.js';

const HEADERS = ['backend', 'metric', 'value', 'unit', 'n', 'errors', 'target', 'result'] as const;
const RIGHT_ALIGNED = new Set<number>([2, 4, 5]);

/** Formats a figure for people: rates as whole numbers, latencies and ratios with decimals. */
export function formatValue(measurement: Measurement): string {
  const { value, unit } = measurement;
  if (!Number.isFinite(value)) return String(value);
  switch (unit) {
    case 'writes/s':
    case 'req/s':
    case 'count':
      return Math.round(value).toLocaleString('en-US');
    case 'ms':
      return value < 10 ? value.toFixed(3) : value.toFixed(1);
    case 'x':
      return value.toFixed(2);
    case 'MiB':
      return value.toFixed(1);
  }
}

export function resultMark(measurement: Measurement): string {
  if (measurement.target === undefined) return '';
  return measurement.target.met ? 'met' : 'MISSED';
}

/** A plain-text table of measurements, one row each, with column headers. */
export function renderTable(measurements: readonly Measurement[]): string {
  const rows = measurements.map((m) => [
    m.backend,
    m.metric,
    formatValue(m),
    m.unit,
    m.count === undefined ? '' : m.count.toLocaleString('en-US'),
    m.errors === undefined ? '' : String(m.errors),
    m.target?.description ?? '',
    resultMark(m),
  ]);
  const widths = HEADERS.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return RIGHT_ALIGNED.has(column) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const body: string[] = [];
  rows.forEach((row, i) => {
    // A blank line between backends keeps a long table readable.
    if (i > 0 && measurements[i - 1]?.backend !== measurements[i]?.backend) body.push('');
    body.push(line(row));
  });
  return [line(HEADERS), rule, ...body].join('\n');
}
