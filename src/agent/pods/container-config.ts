import type { Pod } from '../../api/kinds.js';
import type { ContainerConfig, ContainerSecurityContext, EnvVar, Mount } from '../runtime/container-runtime.js';
import type { PodContainer } from '../volumes/pod-volumes.js';
import { expandVariables } from '../env/expand-variables.js';
import { containerResources } from './container-resources.js';
import { containerLabels, RESTART_COUNT_ANNOTATION, TERMINATION_GRACE_ANNOTATION } from './pod-labels.js';

export interface ContainerConfigInput {
  readonly pod: Pod;
  readonly container: PodContainer;
  readonly restartCount: number;
  readonly imageRef: string;
  readonly env: readonly EnvVar[];
  readonly mounts: readonly Mount[];
  readonly nodeMemoryBytes: number;
}

/** The CRI container config for one start of a pod's container. */
export function containerConfig(input: ContainerConfigInput): ContainerConfig {
  const { pod, container, restartCount, env } = input;
  const lookup = (name: string): string | undefined => env.find((variable) => variable.name === name)?.value;
  const expand = (items: readonly string[] | undefined): string[] | undefined => items?.map((item) => expandVariables(item, lookup));
  const command = expand(container.command);
  const args = expand(container.args);
  const securityContext = containerSecurity(pod, container);
  return {
    name: container.name,
    attempt: restartCount,
    image: input.imageRef,
    ...(command === undefined ? {} : { command }),
    ...(args === undefined ? {} : { args }),
    ...(container.workingDir === undefined ? {} : { workingDir: container.workingDir }),
    env: [...env],
    mounts: [...input.mounts],
    labels: containerLabels(pod, container.name),
    annotations: {
      [RESTART_COUNT_ANNOTATION]: String(restartCount),
      [TERMINATION_GRACE_ANNOTATION]: String(pod.spec?.terminationGracePeriodSeconds ?? 30),
    },
    logPath: `${container.name}/${restartCount}.log`,
    stdin: container.stdin === true,
    stdinOnce: container.stdinOnce === true,
    tty: container.tty === true,
    resources: containerResources(pod, container, input.nodeMemoryBytes),
    securityContext,
  };
}

function containerSecurity(pod: Pod, container: PodContainer): ContainerSecurityContext {
  const podContext = pod.spec?.securityContext ?? {};
  const context = container.securityContext ?? {};
  const runAsUser = context.runAsUser ?? podContext.runAsUser;
  const runAsGroup = context.runAsGroup ?? podContext.runAsGroup;
  const supplementalGroups = podContext.supplementalGroups;
  return {
    ...(runAsUser === undefined ? {} : { runAsUser }),
    ...(runAsGroup === undefined ? {} : { runAsGroup }),
    ...(supplementalGroups === undefined ? {} : { supplementalGroups }),
    readonlyRootfs: context.readOnlyRootFilesystem === true,
    privileged: context.privileged === true,
    capabilities: { add: context.capabilities?.add ?? [], drop: context.capabilities?.drop ?? [] },
    noNewPrivs: context.allowPrivilegeEscalation === false,
  };
}
