import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { CONTROL_GOAWAY, CONTROL_PING, CONTROL_RST_STREAM, SpdyFrameReader, SpdyFrameWriter } from './spdy-framer.js';

/** Which standard streams a session carries, from the exec/attach query. */
export interface SessionStreams {
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
  readonly tty: boolean;
}

/** Channel numbers of the channel.k8s.io protocols. */
const CHANNELS = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4 } as const;
type StreamType = keyof typeof CHANNELS;
/** v5's "close this channel" signal: channel 255, then the channel closed. */
const CLOSE_SIGNAL_CHANNEL = 255;

function bufferOf(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/**
 * Translates a client's WebSocket `v5.channel.k8s.io` session into the SPDY
 * remote-command protocol `v4.channel.k8s.io` towards the runtime's stream server,
 * as upstream's StreamTranslator does: one SPDY stream per standard stream (opened
 * error first, as client-go does), channel bytes become DATA frames and back, v5's
 * close signal half-closes the SPDY stream (so commands see the end of their input),
 * and the exit Status arrives on channel 3.
 */
export function bridgeChannelsToSpdy(client: WebSocket, upstream: Socket, early: Buffer, streams: SessionStreams): void {
  const writer = new SpdyFrameWriter();
  const reader = new SpdyFrameReader();
  const types: StreamType[] = ['error'];
  if (streams.stdin) types.push('stdin');
  if (streams.stdout) types.push('stdout');
  if (streams.stderr && !streams.tty) types.push('stderr');
  if (streams.tty) types.push('resize');
  const idOf = new Map<StreamType, number>();
  const typeOf = new Map<number, StreamType>();
  types.forEach((type, index) => {
    const id = 2 * index + 1;
    idOf.set(type, id);
    typeOf.set(id, type);
    upstream.write(writer.synStream(id, { streamtype: type }));
  });

  const onUpstream = (chunk: Buffer): void => {
    for (const frame of reader.push(chunk)) {
      if (frame.kind === 'data') {
        const type = typeOf.get(frame.streamId);
        if (type !== undefined && frame.data.length > 0) client.send(Buffer.concat([Buffer.from([CHANNELS[type]]), frame.data]));
      } else if (frame.type === CONTROL_PING) {
        upstream.write(writer.ping(frame.payload));
      } else if (frame.type === CONTROL_GOAWAY || (frame.type === CONTROL_RST_STREAM && frame.payload.readUInt32BE(0) === idOf.get('error'))) {
        upstream.end();
      }
    }
  };
  if (early.length > 0) onUpstream(early);
  upstream.on('data', onUpstream);
  upstream.resume();

  client.on('message', (data) => {
    const frame = bufferOf(data);
    const channel = frame[0];
    if (channel === CLOSE_SIGNAL_CHANNEL) {
      const closed = types.find((type) => CHANNELS[type] === frame[1]);
      const id = closed === undefined ? undefined : idOf.get(closed);
      if (id !== undefined) upstream.write(writer.data(id, Buffer.alloc(0), true));
      return;
    }
    const type = types.find((candidate) => CHANNELS[candidate] === channel);
    const id = type === undefined ? undefined : idOf.get(type);
    if (id !== undefined && (type === 'stdin' || type === 'resize')) upstream.write(writer.data(id, frame.subarray(1)));
  });
  upstream.on('close', () => {
    client.close(1000);
  });
  upstream.on('error', () => {
    client.terminate();
  });
  client.on('close', () => {
    upstream.destroy();
  });
  client.on('error', () => {
    upstream.destroy();
  });
}
