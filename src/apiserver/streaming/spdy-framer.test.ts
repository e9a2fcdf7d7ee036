import assert from 'node:assert/strict';
import { constants, inflateSync } from 'node:zlib';
import { it } from 'node:test';
import { CONTROL_SYN_STREAM, SpdyFrameReader, SpdyFrameWriter } from './spdy-framer.js';

function headerBlockOf(frame: Buffer): Buffer {
  return frame.subarray(8 + 10);
}

it('writes SYN_STREAM header blocks that a zlib reader decodes as one stream', () => {
  const writer = new SpdyFrameWriter();
  const first = writer.synStream(1, { streamType: 'error' });
  const second = writer.synStream(3, { streamtype: 'stdout' });
  const decoded = inflateSync(Buffer.concat([headerBlockOf(first), headerBlockOf(second)]), { finishFlush: constants.Z_SYNC_FLUSH });
  const entry = (name: string, value: string) => {
    const bytes = Buffer.alloc(8 + name.length + value.length);
    bytes.writeUInt32BE(name.length, 0);
    bytes.write(name, 4);
    bytes.writeUInt32BE(value.length, 4 + name.length);
    bytes.write(value, 8 + name.length);
    return bytes;
  };
  const count = Buffer.from([0, 0, 0, 1]);
  assert.deepEqual(decoded, Buffer.concat([count, entry('streamtype', 'error'), count, entry('streamtype', 'stdout')]));
});

it('splits a byte stream into data and control frames, however it is chunked', () => {
  const writer = new SpdyFrameWriter();
  const bytes = Buffer.concat([writer.synStream(1, { streamtype: 'error' }), writer.data(5, Buffer.from('hi'), true)]);
  const reader = new SpdyFrameReader();
  const frames = [...bytes].flatMap((byte) => reader.push(Buffer.from([byte])));
  assert.equal(frames.length, 2);
  assert.ok(frames[0]?.kind === 'control' && frames[0].type === CONTROL_SYN_STREAM);
  assert.deepEqual(frames[1], { kind: 'data', streamId: 5, fin: true, data: Buffer.from('hi') });
});
