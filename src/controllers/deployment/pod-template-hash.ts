import type { Deployment } from '../../api/kinds.js';

type PodTemplate = NonNullable<NonNullable<Deployment['spec']>['template']>;

/** The label (and selector term) that tells a Deployment's ReplicaSets and their pods apart. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** JSON with keys sorted and empty maps, lists and nulls left out, so equal templates print equally. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, field]) => field !== null && field !== undefined && !(Array.isArray(field) && field.length === 0))
    .map(([key, field]): [string, unknown] => [key, canonical(field)])
    .filter(([, field]) => !(typeof field === 'object' && field !== null && !Array.isArray(field) && Object.keys(field).length === 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

function withoutHash(template: PodTemplate | undefined): unknown {
  const copy = structuredClone(template ?? {});
  if (copy.metadata?.labels !== undefined) delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  return canonical(copy);
}

/** Whether two pod templates are the same apart from the pod-template-hash label. */
export function equalIgnoringHash(a: PodTemplate | undefined, b: PodTemplate | undefined): boolean {
  return JSON.stringify(withoutHash(a)) === JSON.stringify(withoutHash(b));
}

/**
 * The pod-template-hash of a template: FNV-1a (32 bit) of its canonical JSON and of
 * the collision count, printed in decimal and spelled with upstream's safe alphabet.
 */
export function podTemplateHash(template: PodTemplate | undefined, collisionCount: number | undefined): string {
  const bytes = [...new TextEncoder().encode(JSON.stringify(canonical(template ?? {})))];
  if (collisionCount !== undefined) {
    const count = new Uint8Array(8);
    new DataView(count.buffer).setUint32(0, collisionCount >>> 0, true);
    bytes.push(...count);
  }
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return Array.from(String(hash), (digit) => SAFE_ALPHABET.charAt(digit.charCodeAt(0) % SAFE_ALPHABET.length)).join('');
}
