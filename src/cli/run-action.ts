import { errorMessage } from '../util/errors.js';

/**
 * Wraps a command's action so that any failure prints one line, `tug: error: ...`,
 * and exits with status 1 instead of a stack trace.
 */
export function runAction<Args extends unknown[]>(
  action: (...args: Args) => Promise<void>,
): (...args: Args) => Promise<void> {
  return async (...args: Args) => {
    try {
      await action(...args);
    } catch (error) {
      process.stderr.write(`tug: error: ${errorMessage(error)}\n`);
      process.exitCode = 1;
    }
  };
}

/** Prints `label: value` lines with the values aligned, as `kubectl describe` does. */
export function formatFields(fields: readonly (readonly [string, string | number])[]): string {
  const width = Math.max(...fields.map(([label]) => label.length)) + 2;
  return fields.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}\n`).join('');
}
