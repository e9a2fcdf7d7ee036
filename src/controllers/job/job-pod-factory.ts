import type { Job, Pod } from '../../api/kinds.js';
import { JobKeys } from './job-labels.js';

type Container = NonNullable<NonNullable<Pod['spec']>['containers']>[number];

function withIndexEnv(container: Container): Container {
  const env = (container.env ?? []).filter((variable) => variable.name !== JobKeys.completionIndexEnv);
  env.push({
    name: JobKeys.completionIndexEnv,
    valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.annotations['${JobKeys.completionIndex}']` } },
  });
  return { ...container, env };
}

/**
 * A new pod for `job` from its template: owned by the Job, carrying the tracking
 * finalizer, and in Indexed mode its completion index (annotation, label, env
 * JOB_COMPLETION_INDEX) and hostname `<job>-<index>`.
 */
export function jobPodFactory(job: Job, index: number | undefined): Pod {
  const template = structuredClone(job.spec?.template ?? {});
  const jobName = job.metadata.name ?? '';
  const labels = { ...(template.metadata?.labels ?? {}) };
  const annotations = { ...(template.metadata?.annotations ?? {}) };
  const spec = template.spec ?? { containers: [] };
  if (index !== undefined) {
    labels[JobKeys.completionIndex] = String(index);
    annotations[JobKeys.completionIndex] = String(index);
    spec.hostname = `${jobName}-${index}`;
    spec.containers = spec.containers.map(withIndexEnv);
    if (spec.initContainers !== undefined) spec.initContainers = spec.initContainers.map(withIndexEnv);
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: index === undefined ? `${jobName}-` : `${jobName}-${index}-`,
      namespace: job.metadata.namespace ?? 'default',
      labels,
      ...(Object.keys(annotations).length === 0 ? {} : { annotations }),
      finalizers: [JobKeys.trackingFinalizer],
      ownerReferences: [
        { apiVersion: 'batch/v1', kind: 'Job', name: jobName, uid: job.metadata.uid ?? '', controller: true, blockOwnerDeletion: true },
      ],
    },
    spec,
  };
}
