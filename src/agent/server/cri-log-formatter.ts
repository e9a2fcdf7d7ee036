import type { CriLogLine } from './cri-log-line.js';

export interface LogFormatOptions {
  /** Prefix each line with the runtime's RFC3339Nano timestamp. */
  readonly timestamps: boolean;
  /** Milliseconds since the epoch; earlier lines are skipped. */
  readonly sinceTime?: number;
  /** Stop after this many bytes of output. */
  readonly limitBytes?: number;
}

/**
 * Turns CRI log entries back into what the container printed, as the kubelet does:
 * the CRI prefix goes, partial entries are joined (a timestamp, when asked for,
 * starts each joined line), and output stops at `limitBytes`.
 */
export class CriLogFormatter {
  readonly #options: LogFormatOptions;
  #written = 0;
  /** Per stream: whether the last entry ended a line. */
  readonly #atLineStart = { stdout: true, stderr: true };

  constructor(options: LogFormatOptions) {
    this.#options = options;
  }

  /** True once `limitBytes` is reached: nothing more will be written. */
  get done(): boolean {
    return this.#options.limitBytes !== undefined && this.#written >= this.#options.limitBytes;
  }

  /** The bytes to emit for `line` (possibly none). */
  format(line: CriLogLine): Buffer {
    if (this.done || (this.#options.sinceTime !== undefined && line.time < this.#options.sinceTime)) return Buffer.alloc(0);
    const parts: Buffer[] = [];
    if (this.#options.timestamps && this.#atLineStart[line.stream]) parts.push(Buffer.from(`${line.timestamp} `));
    parts.push(line.content);
    if (!line.partial) parts.push(Buffer.from('\n'));
    this.#atLineStart[line.stream] = !line.partial;
    let output = Buffer.concat(parts);
    const limit = this.#options.limitBytes;
    if (limit !== undefined && this.#written + output.length > limit) output = output.subarray(0, limit - this.#written);
    this.#written += output.length;
    return output;
  }
}
