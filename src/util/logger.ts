/** Structured logging: a message plus fields, one line per entry on stderr. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every entry, e.g. the component's name. */
  with(fields: LogFields): Logger;
}

export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

type Level = 'info' | 'warn' | 'error';

export class LineLogger implements Logger {
  readonly #context: LogFields;
  readonly #write: (line: string) => void;

  constructor(context: LogFields = {}, write: (line: string) => void = (line) => process.stderr.write(line)) {
    this.#context = context;
    this.#write = write;
  }

  info(message: string, fields?: LogFields): void {
    this.#log('info', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.#log('warn', message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.#log('error', message, fields);
  }

  with(fields: LogFields): Logger {
    return new LineLogger({ ...this.#context, ...fields }, this.#write);
  }

  #log(level: Level, message: string, fields: LogFields = {}): void {
    const pairs = Object.entries({ ...this.#context, ...fields })
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${formatValue(value)}`);
    this.#write(`${new Date().toISOString()} ${level.toUpperCase()} ${message}${pairs.length > 0 ? ' ' : ''}${pairs.join(' ')}\n`);
  }
}

function formatValue(value: string | number | boolean | undefined): string {
  const text = String(value);
  return /^[\w./:@-]*$/.test(text) ? text : JSON.stringify(text);
}

/** A logger that drops everything, for tests. */
export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  with: () => silentLogger,
};
