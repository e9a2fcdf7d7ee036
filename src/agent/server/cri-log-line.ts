/** One line of a CRI log file: `<RFC3339Nano> <stdout|stderr> <P|F> <content>`. */
export interface CriLogLine {
  /** The timestamp exactly as the runtime wrote it. */
  readonly timestamp: string;
  readonly time: number;
  readonly stream: 'stdout' | 'stderr';
  /** A partial line ('P') continues in the next entry of its stream; a full one ('F') ends it. */
  readonly partial: boolean;
  readonly content: Buffer;
}

const SPACE = 0x20;

/** Parses one line without its newline; undefined when it is not in the CRI format. */
export function parseCriLogLine(line: Buffer): CriLogLine | undefined {
  const timeEnd = line.indexOf(SPACE);
  if (timeEnd <= 0) return undefined;
  const streamEnd = line.indexOf(SPACE, timeEnd + 1);
  if (streamEnd < 0) return undefined;
  const stream = line.toString('utf8', timeEnd + 1, streamEnd);
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  const tagEnd = line.indexOf(SPACE, streamEnd + 1);
  const tags = line.toString('utf8', streamEnd + 1, tagEnd < 0 ? line.length : tagEnd).split(':');
  const timestamp = line.toString('utf8', 0, timeEnd);
  const time = Date.parse(timestamp);
  if (Number.isNaN(time)) return undefined;
  return {
    timestamp,
    time,
    stream,
    partial: tags[0] === 'P',
    content: tagEnd < 0 ? Buffer.alloc(0) : line.subarray(tagEnd + 1),
  };
}
