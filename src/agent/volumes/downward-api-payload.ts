import { Quantity } from '../../api/quantity.js';
import type { FileProjection } from './atomic-writer.js';
import type { PodContainer } from './pod-volumes.js';
import type { Pod } from '../../api/kinds.js';

type DownwardApiItems = NonNullable<NonNullable<NonNullable<NonNullable<Pod['spec']>['volumes']>[number]['downwardAPI']>['items']>;
export type DownwardApiItem = DownwardApiItems[number];

export interface DownwardApiOptions {
  readonly pod: Pod;
  readonly items: readonly DownwardApiItem[];
  readonly defaultMode: number;
  /** The node's allocatable resources, which stand in for limits a container does not set. */
  readonly allocatable: () => Promise<Readonly<Record<string, string>>>;
}

/** The files of a downwardAPI volume (or projection): pod metadata fields and container resources. */
export async function downwardApiPayload(options: DownwardApiOptions): Promise<Map<string, FileProjection>> {
  const payload = new Map<string, FileProjection>();
  for (const item of options.items) {
    let value: string;
    if (item.fieldRef !== undefined) value = fieldValue(options.pod, item.fieldRef.fieldPath);
    else if (item.resourceFieldRef !== undefined) value = await resourceValue(options, item.resourceFieldRef);
    else throw new Error(`downwardAPI item ${item.path} names neither fieldRef nor resourceFieldRef`);
    payload.set(item.path, { data: Buffer.from(value), mode: item.mode ?? options.defaultMode });
  }
  return payload;
}

/** The fields upstream allows in downwardAPI volumes. */
function fieldValue(pod: Pod, fieldPath: string): string {
  const { metadata } = pod;
  const subscript = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (subscript !== null) {
    const map = subscript[1] === 'labels' ? metadata.labels : metadata.annotations;
    return map?.[subscript[2] ?? ''] ?? '';
  }
  switch (fieldPath) {
    case 'metadata.name':
      return metadata.name ?? '';
    case 'metadata.namespace':
      return metadata.namespace ?? '';
    case 'metadata.uid':
      return metadata.uid ?? '';
    case 'metadata.labels':
      return formatMap(metadata.labels ?? {});
    case 'metadata.annotations':
      return formatMap(metadata.annotations ?? {});
    default:
      throw new Error(`unsupported fieldPath: ${fieldPath}`);
  }
}

/** Upstream's fieldpath.FormatMap: sorted `key="quoted value"` lines. */
function formatMap(map: Readonly<Record<string, string>>): string {
  return Object.keys(map)
    .sort()
    .map((key) => `${key}=${JSON.stringify(map[key])}`)
    .join('\n');
}

async function resourceValue(options: DownwardApiOptions, ref: NonNullable<DownwardApiItem['resourceFieldRef']>): Promise<string> {
  const containers: PodContainer[] = [...(options.pod.spec?.containers ?? []), ...(options.pod.spec?.initContainers ?? [])];
  const container = containers.find((candidate) => candidate.name === ref.containerName);
  if (container === undefined) throw new Error(`container ${ref.containerName ?? ''} not found in pod ${options.pod.metadata.name ?? ''}`);
  const match = /^(limits|requests)\.(cpu|memory|ephemeral-storage)$/.exec(ref.resource);
  if (match === null) throw new Error(`unsupported container resource : ${ref.resource}`);
  const [, kind = '', resource = ''] = match;
  const values = (kind === 'limits' ? container.resources?.limits : container.resources?.requests) ?? {};
  let text = values[resource];
  if (text === undefined && kind === 'limits') text = (await options.allocatable())[resource];
  const quantity = Quantity.from(text ?? 0);
  const divisor = Quantity.from(ref.divisor ?? 1);
  if (divisor.sign() <= 0) throw new Error(`invalid divisor for ${ref.resource}: ${divisor.toString()}`);
  return ceilDivide(quantity.nanoValue(), divisor.nanoValue()).toString();
}

function ceilDivide(value: bigint, divisor: bigint): bigint {
  const quotient = value / divisor;
  return value % divisor > 0n ? quotient + 1n : quotient;
}
