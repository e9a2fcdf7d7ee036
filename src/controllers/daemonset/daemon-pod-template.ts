import type { DaemonSet, Pod } from '../../api/kinds.js';
import type { OwnerReference } from '../../api/object.js';
import { REVISION_HASH_LABEL } from '../history/controller-revisions.js';

/** The label with the DaemonSet's template generation, which older pods are matched by. */
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

type PodSpec = NonNullable<Pod['spec']>;
type Toleration = NonNullable<PodSpec['tolerations']>[number];

const tolerate = (key: string, effect: 'NoExecute' | 'NoSchedule'): Toleration => ({ key: `node.kubernetes.io/${key}`, operator: 'Exists', effect });

/** What upstream lets every daemon pod tolerate, so it runs where others cannot. */
function automaticTolerations(spec: PodSpec): Toleration[] {
  const tolerations = [
    tolerate('not-ready', 'NoExecute'),
    tolerate('unreachable', 'NoExecute'),
    tolerate('disk-pressure', 'NoSchedule'),
    tolerate('memory-pressure', 'NoSchedule'),
    tolerate('pid-pressure', 'NoSchedule'),
    tolerate('unschedulable', 'NoSchedule'),
  ];
  if (spec.hostNetwork === true) tolerations.push(tolerate('network-unavailable', 'NoSchedule'));
  return tolerations;
}

/** Adds each automatic toleration, replacing one of the same key, effect, operator and value. */
function withTolerations(existing: readonly Toleration[], added: readonly Toleration[]): Toleration[] {
  const result = [...existing];
  const same = (a: Toleration, b: Toleration) =>
    (a.key ?? '') === (b.key ?? '') && (a.effect ?? '') === (b.effect ?? '') && (a.operator ?? '') === (b.operator ?? '') && (a.value ?? '') === (b.value ?? '');
  for (const toleration of added) {
    const index = result.findIndex((other) => same(other, toleration));
    if (index < 0) result.push(toleration);
    else result[index] = toleration;
  }
  return result;
}

export function templateGeneration(set: DaemonSet): string | undefined {
  return set.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
}

/** The pod a DaemonSet runs on each node: its template, the automatic tolerations, and (with a node) pinned there. */
export const DaemonPodTemplate = {
  /** The template's pod spec with the automatic tolerations, as eligibility is judged. */
  spec(set: DaemonSet): PodSpec {
    const spec = structuredClone(set.spec?.template.spec ?? { containers: [] });
    spec.tolerations = withTolerations(spec.tolerations ?? [], automaticTolerations(spec));
    return spec;
  },

  ownerReference(set: DaemonSet): OwnerReference {
    return { apiVersion: 'apps/v1', kind: 'DaemonSet', name: set.metadata.name ?? '', uid: set.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
  },

  /** Replaces the required node affinity with the single term naming `nodeName`, as upstream does. */
  newPod(set: DaemonSet, nodeName: string, hash: string): Pod {
    const template = set.spec?.template;
    const spec = DaemonPodTemplate.spec(set);
    const affinity = spec.affinity ?? {};
    spec.affinity = {
      ...affinity,
      nodeAffinity: {
        ...affinity.nodeAffinity,
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }],
        },
      },
    };
    const generation = templateGeneration(set);
    const annotations = template?.metadata?.annotations;
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${set.metadata.name ?? ''}-`,
        namespace: set.metadata.namespace ?? 'default',
        labels: {
          ...template?.metadata?.labels,
          [REVISION_HASH_LABEL]: hash,
          ...(generation === undefined ? {} : { [TEMPLATE_GENERATION_LABEL]: generation }),
        },
        ...(annotations === undefined ? {} : { annotations: { ...annotations } }),
        ownerReferences: [DaemonPodTemplate.ownerReference(set)],
      },
      spec,
    };
  },

  /** A pod is at the set's current template when its hash or its template generation says so. */
  isUpdated(pod: Pod, hash: string, generation: string | undefined): boolean {
    const labels = pod.metadata.labels ?? {};
    return (hash !== '' && labels[REVISION_HASH_LABEL] === hash) || (generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === generation);
  },

  /** The node a daemon pod is on, or is pinned to by its node affinity. */
  targetNode(pod: Pod): string | undefined {
    const nodeName = pod.spec?.nodeName;
    if (nodeName !== undefined && nodeName !== '') return nodeName;
    for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
      for (const field of term.matchFields ?? []) {
        if (field.key === 'metadata.name' && field.operator === 'In' && field.values?.length === 1) return field.values[0];
      }
    }
    return undefined;
  },
};
