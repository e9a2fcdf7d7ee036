import type { ApiObject } from '../../api/object.js';
import { OTHER_TABLE_COLUMNS } from './other-table-columns.js';
import { column, countOf, labelSelectorText, labelsText, list, num, obj, str, type Column, type Json } from './table-cells.js';

export { age, type Column } from './table-cells.js';
export { COMPLETE_TABLE_COLUMNS as COMPLETE_COLUMNS } from './complete-table-columns.js';

/** The STATUS column of `kubectl get pods`, worked out from the pod's state as upstream's printer does. */
function podStatus(pod: ApiObject): string {
  const status = obj(pod.status);
  const phase = str(status.phase, 'Pending');
  let reason = str(status.reason, phase);
  const initStatuses = list(status.initContainerStatuses);
  const initTotal = list(obj(pod.spec).initContainers).length;
  let initializing = false;
  for (const [index, container] of initStatuses.entries()) {
    const terminated = obj(obj(container.state).terminated);
    const waiting = obj(obj(container.state).waiting);
    if (obj(container.state).terminated !== undefined && num(terminated.exitCode) === 0) continue;
    initializing = true;
    if (obj(container.state).terminated !== undefined) reason = `Init:${str(terminated.reason, exitText(terminated))}`;
    else if (str(waiting.reason) !== '' && waiting.reason !== 'PodInitializing') reason = `Init:${str(waiting.reason)}`;
    else reason = `Init:${index}/${initTotal}`;
    break;
  }
  const initialized = list(status.conditions).some((condition) => condition.type === 'Initialized' && condition.status === 'True');
  if (!initializing || initialized) {
    let hasRunning = false;
    for (const container of [...list(status.containerStatuses)].reverse()) {
      const state = obj(container.state);
      const waiting = obj(state.waiting);
      const terminated = obj(state.terminated);
      if (str(waiting.reason) !== '') reason = str(waiting.reason);
      else if (state.terminated !== undefined) reason = str(terminated.reason, exitText(terminated));
      else if (container.ready === true && state.running !== undefined) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) {
      const ready = list(status.conditions).some((condition) => condition.type === 'Ready' && condition.status === 'True');
      reason = ready ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp !== undefined && status.reason === 'NodeLost') return 'Unknown';
  if (pod.metadata.deletionTimestamp !== undefined && phase !== 'Succeeded' && phase !== 'Failed') return 'Terminating';
  return reason;
}

function exitText(terminated: Json): string {
  const signal = num(terminated.signal);
  return signal !== 0 ? `Signal:${signal}` : `ExitCode:${num(terminated.exitCode)}`;
}

function servicePorts(service: ApiObject): string {
  const ports = list(obj(service.spec).ports).map((port) => {
    const nodePort = typeof port.nodePort === 'number' ? `:${port.nodePort}` : '';
    return `${num(port.port)}${nodePort}/${str(port.protocol, 'TCP')}`;
  });
  return ports.length === 0 ? '<none>' : ports.join(',');
}

function templateContainers(object: ApiObject): Json[] {
  return list(obj(obj(obj(object.spec).template).spec).containers);
}

/** The `-o wide` columns of workloads: their containers, images and selector. */
const workloadWide: Column[] = [
  column('Containers', 'string', 'Names of each container in the template.', (o) => templateContainers(o).map((c) => str(c.name)).join(','), 1),
  column('Images', 'string', 'Images referenced by each container in the template.', (o) => templateContainers(o).map((c) => str(c.image)).join(','), 1),
  column('Selector', 'string', 'Label selector for pods.', (o) => labelSelectorText(obj(o.spec).selector), 1),
];

/** The columns kubectl users know, per resource (NAME and AGE are added around them). */
export const KIND_COLUMNS: Record<string, Column[]> = {
  ...OTHER_TABLE_COLUMNS,
  configmaps: [column('Data', 'integer', 'Number of data entries.', (o) => countOf(o.data) + countOf(o.binaryData))],
  secrets: [
    column('Type', 'string', 'The type of the secret.', (o) => str(o.type, 'Opaque')),
    column('Data', 'integer', 'Number of data entries.', (o) => countOf(o.data)),
  ],
  namespaces: [column('Status', 'string', 'The status of the namespace.', (o) => str(obj(o.status).phase, 'Active'))],
  pods: [
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.', (o) => {
      const statuses = list(obj(o.status).containerStatuses);
      const total = list(obj(o.spec).containers).length;
      return `${statuses.filter((s) => s.ready === true).length}/${total}`;
    }),
    column('Status', 'string', 'The aggregate status of the containers in this pod.', podStatus),
    column('Restarts', 'string', 'The number of times the containers in this pod have been restarted.', (o) =>
      String(list(obj(o.status).containerStatuses).reduce((sum, s) => sum + num(s.restartCount), 0)),
    ),
    column('IP', 'string', 'IP address allocated to the pod.', (o) => str(obj(o.status).podIP, '<none>'), 1),
    column('Node', 'string', 'Name of the node assigned to the pod.', (o) => str(obj(o.spec).nodeName, '<none>'), 1),
  ],
  services: [
    column('Type', 'string', 'The type of the service.', (o) => str(obj(o.spec).type, 'ClusterIP')),
    column('Cluster-IP', 'string', 'The cluster IP of the service.', (o) => str(obj(o.spec).clusterIP, '<none>')),
    column('External-IP', 'string', 'The external IPs of the service.', (o) => {
      const ingress = list(obj(obj(o.status).loadBalancer).ingress).map((entry) => str(entry.ip, str(entry.hostname)));
      const external = Array.isArray(obj(o.spec).externalIPs) ? (obj(o.spec).externalIPs as string[]) : [];
      const all = [...ingress, ...external];
      return all.length > 0 ? all.join(',') : str(obj(o.spec).type) === 'LoadBalancer' ? '<pending>' : '<none>';
    }),
    column('Port(s)', 'string', 'The ports of the service.', servicePorts),
    column('Selector', 'string', 'The label selector of the service.', (o) => labelsText(obj(o.spec).selector), 1),
  ],
  deployments: [
    column('Ready', 'string', 'Number of the pod with ready state.', (o) => `${num(obj(o.status).readyReplicas)}/${num(obj(o.spec).replicas ?? 1)}`),
    column('Up-to-date', 'integer', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.', (o) => num(obj(o.status).updatedReplicas)),
    column('Available', 'integer', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.', (o) => num(obj(o.status).availableReplicas)),
    ...workloadWide,
  ],
  replicasets: [
    column('Desired', 'integer', 'Number of desired pods.', (o) => num(obj(o.spec).replicas ?? 1)),
    column('Current', 'integer', 'Number of actually running pods.', (o) => num(obj(o.status).replicas)),
    column('Ready', 'integer', 'Number of pods with ready state.', (o) => num(obj(o.status).readyReplicas)),
    ...workloadWide,
  ],
  statefulsets: [
    column('Ready', 'string', 'Number of the pod with ready state.', (o) => `${num(obj(o.status).readyReplicas)}/${num(obj(o.spec).replicas ?? 1)}`),
    ...workloadWide.slice(0, 2),
  ],
  daemonsets: [
    column('Desired', 'integer', 'The desired number of pods.', (o) => num(obj(o.status).desiredNumberScheduled)),
    column('Current', 'integer', 'The current number of pods.', (o) => num(obj(o.status).currentNumberScheduled)),
    column('Ready', 'integer', 'The number of pods ready.', (o) => num(obj(o.status).numberReady)),
    column('Up-to-date', 'integer', 'The number of pods updated.', (o) => num(obj(o.status).updatedNumberScheduled)),
    column('Available', 'integer', 'The number of pods available.', (o) => num(obj(o.status).numberAvailable)),
    column('Node Selector', 'string', 'The node selector of the pods.', (o) => labelsText(obj(obj(obj(o.spec).template).spec).nodeSelector)),
    ...workloadWide,
  ],
  jobs: [
    column('Status', 'string', 'Status of the job.', (o) => {
      const conditions = list(obj(o.status).conditions).filter((c) => c.status === 'True').map((c) => str(c.type));
      if (conditions.includes('Complete')) return 'Complete';
      if (conditions.includes('Failed')) return 'Failed';
      return obj(o.spec).suspend === true ? 'Suspended' : 'Running';
    }),
    column('Completions', 'string', 'The completion status of the job.', (o) => `${num(obj(o.status).succeeded)}/${num(obj(o.spec).completions ?? 1)}`),
    ...workloadWide,
  ],
  nodes: [
    column('Status', 'string', 'The status of the node.', (o) => {
      const ready = list(obj(o.status).conditions).find((c) => c.type === 'Ready');
      const state = ready?.status === 'True' ? 'Ready' : ready === undefined ? 'Unknown' : 'NotReady';
      return obj(o.spec).unschedulable === true ? `${state},SchedulingDisabled` : state;
    }),
    column('Roles', 'string', 'The roles of the node.', (o) => {
      const roles = Object.keys(o.metadata.labels ?? {})
        .filter((label) => label.startsWith('node-role.kubernetes.io/'))
        .map((label) => label.slice('node-role.kubernetes.io/'.length));
      return roles.length > 0 ? roles.sort().join(',') : '<none>';
    }),
  ],
};
