/** One entry of a tar archive; owner root, fixed time, so archives are reproducible. */
export type TarEntry =
  | { readonly type: 'file'; readonly path: string; readonly mode: number; readonly content: Buffer }
  | { readonly type: 'directory'; readonly path: string; readonly mode: number }
  | { readonly type: 'symlink'; readonly path: string; readonly target: string };

const blockSize = 512;
const typeFlags = { file: '0', symlink: '2', directory: '5' } as const;

/** Writes a POSIX ustar archive in memory: enough for image layers and OCI layouts. */
export function tarArchive(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const content = entry.type === 'file' ? entry.content : Buffer.alloc(0);
    parts.push(tarHeader(entry, content.length), content, Buffer.alloc(padding(content.length)));
  }
  parts.push(Buffer.alloc(blockSize * 2));
  return Buffer.concat(parts);
}

function padding(size: number): number {
  return (blockSize - (size % blockSize)) % blockSize;
}

function tarHeader(entry: TarEntry, size: number): Buffer {
  const header = Buffer.alloc(blockSize);
  const { name, prefix } = splitPath(entry.type === 'directory' ? `${entry.path.replace(/\/$/, '')}/` : entry.path);
  const mode = entry.type === 'symlink' ? 0o777 : entry.mode;
  header.write(name, 0, 100, 'utf8');
  writeOctal(header, 100, 8, mode);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  writeOctal(header, 124, 12, size);
  writeOctal(header, 136, 12, 0);
  header.write('        ', 148, 8, 'ascii');
  header.write(typeFlags[entry.type], 156, 1, 'ascii');
  if (entry.type === 'symlink') header.write(entry.target, 157, 100, 'utf8');
  header.write('ustar\u000000', 257, 8, 'ascii');
  header.write('root', 265, 32, 'ascii');
  header.write('root', 297, 32, 'ascii');
  header.write(prefix, 345, 155, 'utf8');
  let checksum = 0;
  for (const byte of header) checksum += byte;
  header.write(`${checksum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return header;
}

function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  header.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, length, 'ascii');
}

function splitPath(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  const cut = path.lastIndexOf('/', path.length - 2);
  const name = path.slice(cut + 1);
  const prefix = path.slice(0, cut);
  if (cut <= 0 || Buffer.byteLength(name) > 100 || Buffer.byteLength(prefix) > 155) {
    throw new Error(`tar path too long for ustar: ${path}`);
  }
  return { name, prefix };
}
