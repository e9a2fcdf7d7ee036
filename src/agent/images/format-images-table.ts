import type { ImageInfo } from '../runtime/container-runtime.js';

interface Row {
  readonly repository: string;
  readonly tag: string;
  readonly id: string;
  readonly size: string;
}

/** Decimal units with three significant digits, as crictl (go-units HumanSize) prints them. */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${Number(value.toPrecision(3))}${units[unit] ?? ''}`;
}

function splitRepository(reference: string, separator: '@' | ':'): [string, string] {
  const at = separator === '@' ? reference.indexOf('@') : reference.lastIndexOf(':');
  if (at === -1 || (separator === ':' && reference.indexOf('/', at) !== -1)) return [reference, '<none>'];
  return [reference.slice(0, at), reference.slice(at + 1)];
}

function rows(image: ImageInfo): Row[] {
  const id = image.id.replace(/^sha256:/, '').slice(0, 13);
  const size = humanSize(image.sizeBytes);
  if (image.repoTags.length > 0) {
    return image.repoTags.map((tag) => {
      const [repository, name] = splitRepository(tag, ':');
      return { repository, tag: name, id, size };
    });
  }
  const digested = image.repoDigests.map((digest) => ({ repository: splitRepository(digest, '@')[0], tag: '<none>', id, size }));
  return digested.length > 0 ? digested : [{ repository: '<none>', tag: '<none>', id, size }];
}

/** `tug images ls`: REPOSITORY TAG IMAGE ID SIZE, one row per tag, as `crictl images` prints. */
export function formatImagesTable(images: readonly ImageInfo[]): string {
  const table = [
    ['REPOSITORY', 'TAG', 'IMAGE ID', 'SIZE'],
    ...images.flatMap(rows)
      .sort((a, b) => a.repository.localeCompare(b.repository) || a.tag.localeCompare(b.tag))
      .map((row) => [row.repository, row.tag, row.id, row.size]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...table.map((row) => row[column]?.length ?? 0)));
  return table.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd((widths[column] ?? 0) + 3) : cell)).join('').trimEnd()).join('\n') + '\n';
}
