import type { PersistentVolumeClaim, Pod, StatefulSet } from '../../api/kinds.js';
import type { OwnerReference } from '../../api/object.js';
import { REVISION_HASH_LABEL } from '../history/controller-revisions.js';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

type PodTemplate = NonNullable<StatefulSet['spec']>['template'];

/** The stable identity of a StatefulSet's pods: names, ordinals, labels, hostnames and claims. */
export const StatefulPodIdentity = {
  podName(set: StatefulSet, ordinal: number): string {
    return `${set.metadata.name ?? ''}-${ordinal}`;
  },

  /** The ordinal in `<set>-<ordinal>` when the pod belongs to `set` by name, else undefined. */
  ordinalOf(set: StatefulSet, pod: Pod): number | undefined {
    const match = /^(.*)-(\d+)$/.exec(pod.metadata.name ?? '');
    if (match === null || match[1] !== set.metadata.name || match[2] === undefined) return undefined;
    const ordinal = Number(match[2]);
    return Number.isSafeInteger(ordinal) ? ordinal : undefined;
  },

  startOrdinal(set: StatefulSet): number {
    return set.spec?.ordinals?.start ?? 0;
  },

  revisionOf(pod: Pod): string {
    return pod.metadata.labels?.[REVISION_HASH_LABEL] ?? '';
  },

  claimName(claimTemplate: string, podName: string): string {
    return `${claimTemplate}-${podName}`;
  },

  identityLabels(set: StatefulSet, ordinal: number): Record<string, string> {
    return { [POD_NAME_LABEL]: StatefulPodIdentity.podName(set, ordinal), [POD_INDEX_LABEL]: String(ordinal) };
  },

  identityMatches(set: StatefulSet, pod: Pod): boolean {
    const ordinal = StatefulPodIdentity.ordinalOf(set, pod);
    if (ordinal === undefined || pod.metadata.namespace !== set.metadata.namespace) return false;
    const labels = pod.metadata.labels ?? {};
    return Object.entries(StatefulPodIdentity.identityLabels(set, ordinal)).every(([key, value]) => labels[key] === value);
  },

  ownerReference(set: StatefulSet): OwnerReference {
    return { apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name ?? '', uid: set.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
  },

  /** A new pod for `ordinal` from `template` (the set's or an older revision's), labelled with `revision`. */
  newPod(set: StatefulSet, template: PodTemplate, revision: string, ordinal: number): Pod {
    const name = StatefulPodIdentity.podName(set, ordinal);
    const spec = structuredClone(template.spec ?? { containers: [] });
    spec.hostname = name;
    const serviceName = set.spec?.serviceName;
    if (serviceName !== undefined && serviceName !== '') spec.subdomain = serviceName;
    const claimVolumes = (set.spec?.volumeClaimTemplates ?? []).map((claim) => ({
      name: claim.metadata?.name ?? '',
      persistentVolumeClaim: { claimName: StatefulPodIdentity.claimName(claim.metadata?.name ?? '', name) },
    }));
    const claimed = new Set(claimVolumes.map((volume) => volume.name));
    spec.volumes = [...claimVolumes, ...(spec.volumes ?? []).filter((volume) => !claimed.has(volume.name))];
    const annotations = template.metadata?.annotations;
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: set.metadata.namespace ?? 'default',
        labels: { ...template.metadata?.labels, ...StatefulPodIdentity.identityLabels(set, ordinal), [REVISION_HASH_LABEL]: revision },
        ...(annotations === undefined ? {} : { annotations: { ...annotations } }),
        ownerReferences: [StatefulPodIdentity.ownerReference(set)],
      },
      spec,
    };
  },

  /** The claims the pod `podName` needs, as the set's volumeClaimTemplates describe them. */
  claimsFor(set: StatefulSet, podName: string): PersistentVolumeClaim[] {
    const selectorLabels = set.spec?.selector.matchLabels ?? {};
    const deleteWithSet = set.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete';
    return (set.spec?.volumeClaimTemplates ?? []).map((template) => {
      const annotations = template.metadata?.annotations;
      return {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          name: StatefulPodIdentity.claimName(template.metadata?.name ?? '', podName),
          namespace: set.metadata.namespace ?? 'default',
          labels: { ...template.metadata?.labels, ...selectorLabels },
          ...(annotations === undefined ? {} : { annotations: { ...annotations } }),
          ...(deleteWithSet ? { ownerReferences: [StatefulPodIdentity.ownerReference(set)] } : {}),
        },
        spec: structuredClone(template.spec ?? {}),
      };
    });
  },
};
