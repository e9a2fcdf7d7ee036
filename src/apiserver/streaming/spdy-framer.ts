/**
 * The small part of SPDY/3 framing (draft-mbelshe-httpbis-spdy-00, as Go's spdystream
 * speaks it under "SPDY/3.1") that a client of the runtime's stream server needs:
 * SYN_STREAM out, DATA both ways, PING answered, the rest read and set aside.
 */
export const SPDY_VERSION = 3;
export const CONTROL_SYN_STREAM = 1;
export const CONTROL_SYN_REPLY = 2;
export const CONTROL_RST_STREAM = 3;
export const CONTROL_PING = 6;
export const CONTROL_GOAWAY = 7;
export const FLAG_FIN = 0x01;

export type SpdyFrame =
  | { readonly kind: 'data'; readonly streamId: number; readonly fin: boolean; readonly data: Buffer }
  | { readonly kind: 'control'; readonly type: number; readonly flags: number; readonly payload: Buffer };

const FRAME_HEADER_BYTES = 8;
/** zlib header without a preset dictionary (CMF 0x78, FLG 0x01: a multiple of 31). */
const ZLIB_HEADER = Buffer.from([0x78, 0x01]);
const MAX_STORED_BLOCK = 0xffff;
/** An empty stored block, as zlib's sync flush ends with: it makes readers hand out what came before. */
const SYNC_FLUSH_MARKER = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]);

/** Splits a byte stream into SPDY frames. */
export class SpdyFrameReader {
  #buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): SpdyFrame[] {
    this.#buffered = this.#buffered.length === 0 ? chunk : Buffer.concat([this.#buffered, chunk]);
    const frames: SpdyFrame[] = [];
    while (this.#buffered.length >= FRAME_HEADER_BYTES) {
      const length = this.#buffered.readUIntBE(5, 3);
      if (this.#buffered.length < FRAME_HEADER_BYTES + length) break;
      const flags = this.#buffered[4] ?? 0;
      const body = this.#buffered.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + length);
      const first = this.#buffered.readUInt32BE(0);
      frames.push(
        first & 0x80000000
          ? { kind: 'control', type: first & 0xffff, flags, payload: Buffer.from(body) }
          : { kind: 'data', streamId: first & 0x7fffffff, fin: (flags & FLAG_FIN) !== 0, data: Buffer.from(body) },
      );
      this.#buffered = this.#buffered.subarray(FRAME_HEADER_BYTES + length);
    }
    return frames;
  }
}

/**
 * Writes frames. Header blocks must form one zlib stream per direction; this one is
 * uncompressed (stored deflate blocks, each block of headers ended as by a sync
 * flush), which every zlib reader accepts and which needs no shared dictionary.
 */
export class SpdyFrameWriter {
  #zlibStarted = false;

  synStream(streamId: number, headers: Readonly<Record<string, string>>, fin = false): Buffer {
    const prefix = Buffer.alloc(10);
    prefix.writeUInt32BE(streamId & 0x7fffffff, 0);
    const block = this.#headerBlock(headers);
    return controlFrame(CONTROL_SYN_STREAM, fin ? FLAG_FIN : 0, Buffer.concat([prefix, block]));
  }

  data(streamId: number, data: Buffer, fin = false): Buffer {
    const header = Buffer.alloc(FRAME_HEADER_BYTES);
    header.writeUInt32BE(streamId & 0x7fffffff, 0);
    header[4] = fin ? FLAG_FIN : 0;
    header.writeUIntBE(data.length, 5, 3);
    return Buffer.concat([header, data]);
  }

  ping(payload: Buffer): Buffer {
    return controlFrame(CONTROL_PING, 0, payload);
  }

  #headerBlock(headers: Readonly<Record<string, string>>): Buffer {
    const entries = Object.entries(headers);
    const parts: Buffer[] = [uint32(entries.length)];
    for (const [name, value] of entries) {
      const nameBytes = Buffer.from(name.toLowerCase());
      const valueBytes = Buffer.from(value);
      parts.push(uint32(nameBytes.length), nameBytes, uint32(valueBytes.length), valueBytes);
    }
    const plain = Buffer.concat(parts);
    const out: Buffer[] = [];
    if (!this.#zlibStarted) {
      out.push(ZLIB_HEADER);
      this.#zlibStarted = true;
    }
    for (let offset = 0; offset < plain.length; offset += MAX_STORED_BLOCK) {
      const piece = plain.subarray(offset, offset + MAX_STORED_BLOCK);
      const blockHeader = Buffer.alloc(5);
      blockHeader.writeUInt16LE(piece.length, 1);
      blockHeader.writeUInt16LE(~piece.length & 0xffff, 3);
      out.push(blockHeader, piece);
    }
    out.push(SYNC_FLUSH_MARKER);
    return Buffer.concat(out);
  }
}

function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(FRAME_HEADER_BYTES);
  header.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  header.writeUInt16BE(type, 2);
  header[4] = flags;
  header.writeUIntBE(payload.length, 5, 3);
  return Buffer.concat([header, payload]);
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value, 0);
  return bytes;
}
