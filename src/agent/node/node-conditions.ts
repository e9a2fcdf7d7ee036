import type { INodeCondition } from 'kubernetes-models/v1/NodeCondition';
import type { RuntimeStatus } from '../runtime/container-runtime.js';

/**
 * The kubelet's four node conditions. `previous` keeps lastTransitionTime for
 * conditions whose status did not change; heartbeat is `now`.
 */
export function nodeConditions(runtime: RuntimeStatus | undefined, previous: readonly INodeCondition[], now: string): INodeCondition[] {
  const condition = (type: string, status: 'True' | 'False', reason: string, message: string): INodeCondition => {
    const before = previous.find((entry) => entry.type === type);
    const lastTransitionTime = before?.status === status && before.lastTransitionTime !== undefined ? before.lastTransitionTime : now;
    return { type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime };
  };
  const notReady = runtimeProblem(runtime);
  return [
    condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    notReady === undefined
      ? condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status')
      : condition('Ready', 'False', 'KubeletNotReady', notReady),
  ];
}

/** Upstream's wording: "container runtime network not ready: NetworkReady=false reason:... message:...". */
function runtimeProblem(runtime: RuntimeStatus | undefined): string | undefined {
  if (runtime === undefined) return 'container runtime is down';
  const describe = (type: string): string => {
    const found = runtime.conditions.find((entry) => entry.type === type);
    return `${type}=false reason:${found?.reason ?? ''} message:${found?.message ?? ''}`;
  };
  if (!runtime.runtimeReady) return `container runtime not ready: ${describe('RuntimeReady')}`;
  if (!runtime.networkReady) return `container runtime network not ready: ${describe('NetworkReady')}`;
  return undefined;
}
