/** The labels and annotation upstream's endpointslice controller puts on the slices it manages. */
export const SliceLabels = {
  serviceName: 'kubernetes.io/service-name',
  managedBy: 'endpointslice.kubernetes.io/managed-by',
  controllerName: 'endpointslice-controller.k8s.io',
  headless: 'service.kubernetes.io/headless',
  lastChangeTriggerTime: 'endpoints.kubernetes.io/last-change-trigger-time',
} as const;
