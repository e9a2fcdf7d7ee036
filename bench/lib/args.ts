import { parseArgs } from 'node:util';

export interface CliOptions {
  readonly help: boolean;
  readonly names: readonly string[];
  readonly backends: readonly string[] | undefined;
  readonly jsonOut: string | undefined;
}

/** A mistake in how the benchmark was invoked: reported with the usage text. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseCli(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        backends: { type: 'string' },
        'json-out': { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  let backends: string[] | undefined;
  if (values.backends !== undefined) {
    backends = values.backends
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    if (backends.length === 0) throw new UsageError('--backends needs at least one backend name');
  }
  if (values['json-out'] === '') throw new UsageError('--json-out needs a file name');
  return {
    help: values.help === true,
    names: positionals,
    backends,
    jsonOut: values['json-out'],
  };
}
