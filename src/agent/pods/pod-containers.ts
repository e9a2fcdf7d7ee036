import type { ContainerRuntime, ContainerStatus, ContainerSummary } from '../runtime/container-runtime.js';
import { RuntimeNotFoundError } from '../runtime/runtime-errors.js';
import { CONTAINER_NAME_LABEL, POD_UID_LABEL } from './pod-labels.js';

/** The newest and the one before of each container name, in one sandbox. */
export type ContainerInstances = ReadonlyMap<string, { readonly latest: ContainerStatus; readonly previous?: ContainerStatus }>;

/** Reads the pod's containers in `sandboxId` from the runtime: the newest two instances of each name. */
export async function podContainers(runtime: ContainerRuntime, podUid: string, sandboxId: string): Promise<{ instances: ContainerInstances; all: ContainerSummary[] }> {
  const all = await runtime.listContainers({ labels: { [POD_UID_LABEL]: podUid } });
  const byName = new Map<string, ContainerSummary[]>();
  for (const summary of all) {
    if (summary.sandboxId !== sandboxId) continue;
    const name = summary.labels[CONTAINER_NAME_LABEL] ?? summary.name;
    byName.set(name, [...(byName.get(name) ?? []), summary]);
  }
  const instances = new Map<string, { latest: ContainerStatus; previous?: ContainerStatus }>();
  for (const [name, summaries] of byName) {
    summaries.sort((a, b) => b.attempt - a.attempt || b.createdAt - a.createdAt);
    const [newest, before] = summaries;
    if (newest === undefined) continue;
    const latest = await statusOrUndefined(runtime, newest.id);
    if (latest === undefined) continue;
    const previous = before === undefined ? undefined : await statusOrUndefined(runtime, before.id);
    instances.set(name, previous === undefined ? { latest } : { latest, previous });
  }
  return { instances, all };
}

async function statusOrUndefined(runtime: ContainerRuntime, id: string): Promise<ContainerStatus | undefined> {
  try {
    return await runtime.containerStatus(id);
  } catch (error) {
    if (error instanceof RuntimeNotFoundError) return undefined;
    throw error;
  }
}
