/** Label, annotation and finalizer keys the Job controller reads and writes (upstream's names). */
export const JobKeys = {
  trackingFinalizer: 'batch.kubernetes.io/job-tracking',
  completionIndex: 'batch.kubernetes.io/job-completion-index',
  completionIndexEnv: 'JOB_COMPLETION_INDEX',
  controllerName: 'kubernetes.io/job-controller',
} as const;
