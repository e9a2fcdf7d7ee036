const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** JSON with object keys sorted, so equal documents always give equal text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${stableJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function fnv32a(text: string, seed = 0x811c9dc5): number {
  let hash = seed;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The hash that names a revision and labels its pods (`controller-revision-hash`):
 * FNV-32a of the revision's data and the collision count, spelled with upstream's
 * vowel-free alphabet so it never forms words. A collision count changes the hash.
 */
export function revisionHash(data: unknown, collisionCount?: number): string {
  let hash = fnv32a(stableJson(data));
  if (collisionCount !== undefined && collisionCount !== 0) {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32LE(collisionCount >>> 0);
    for (const byte of bytes) {
      hash ^= byte;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return String(hash).replace(/\d/g, (digit) => SAFE_ALPHABET[digit.charCodeAt(0) % SAFE_ALPHABET.length] ?? 'b');
}
