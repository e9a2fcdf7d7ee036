import { validateDns1123Label } from '../../../api/names.js';
import { checkEnv, checkEnvFrom } from './env-validation.js';
import { checkLocalDescendingPath } from './local-paths.js';
import { INT32_MAX, inclusiveRangeError } from './numbers.js';
import type { ObjectReader } from './object-reader.js';
import { checkProtocol, validatePortName, validatePortNumber } from './ports.js';
import { checkLifecycle, checkProbe } from './probes.js';
import { checkResourceRequirements } from './resource-requirements.js';

/** What container checks need to know about the pod around them. */
export interface ContainerContext {
  /** Names of the valid volumes, which volume mounts may name. */
  readonly volumes: ReadonlySet<string>;
  readonly hostNetwork: boolean;
  /** A pod (not a template): host ports follow container ports under hostNetwork. */
  readonly isPod: boolean;
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROPAGATION_MODES = ['Bidirectional', 'HostToContainer', 'None'];
const NOT_FOR_PLAIN_INIT = 'may not be set for init containers without restartPolicy=Always';

function checkPorts(container: ObjectReader, context: ContainerContext): void {
  const names = new Set<string>();
  for (const port of container.objects('ports')) {
    const { problems } = port;
    const name = port.string('name');
    if (name !== '') {
      const messages = validatePortName(name);
      if (messages.length > 0) problems.invalidEach(port.at('name'), name, messages);
      else if (names.has(name)) problems.duplicate(port.at('name'), name);
      else names.add(name);
    }
    const containerPort = port.int('containerPort') ?? 0;
    if (containerPort === 0) problems.required(port.at('containerPort'));
    else problems.invalidEach(port.at('containerPort'), containerPort, validatePortNumber(containerPort));
    const hostPort = port.int('hostPort') ?? 0;
    if (hostPort !== 0) problems.invalidEach(port.at('hostPort'), hostPort, validatePortNumber(hostPort));
    checkProtocol(problems, port.at('protocol'), port.string('protocol'));
    if (context.hostNetwork && hostPort !== containerPort && (context.isPod || hostPort !== 0)) {
      problems.invalid(port.at('hostPort'), hostPort, 'must match `containerPort` when `hostNetwork` is true');
    }
  }
}

function checkVolumeMounts(container: ObjectReader, context: ContainerContext): void {
  const listPath = container.at('volumeMounts');
  const mountPaths = new Set<string>();
  const privileged = container.object('securityContext')?.bool('privileged') === true;
  for (const mount of container.objects('volumeMounts')) {
    const { problems } = mount;
    const name = mount.string('name');
    if (name === '') problems.required(mount.at('name'));
    if (!context.volumes.has(name)) problems.notFound(mount.at('name'), name);
    const mountPath = mount.string('mountPath');
    if (mountPath === '') problems.required(mount.at('mountPath'));
    if (mountPaths.has(mountPath)) problems.invalid(mount.at('mountPath'), mountPath, 'must be unique');
    mountPaths.add(mountPath);
    const subPath = mount.string('subPath');
    if (subPath !== '') checkLocalDescendingPath(problems, listPath.child('subPath'), subPath);
    const subPathExpr = mount.string('subPathExpr');
    if (subPathExpr !== '') {
      if (subPath !== '') problems.invalid(mount.at('subPathExpr'), subPathExpr, 'subPathExpr and subPath are mutually exclusive');
      checkLocalDescendingPath(problems, listPath.child('subPathExpr'), subPathExpr);
    }
    const propagation = mount.optionalString('mountPropagation');
    if (propagation !== undefined && !PROPAGATION_MODES.includes(propagation)) {
      problems.notSupported(listPath.child('mountPropagation'), propagation, PROPAGATION_MODES);
    } else if (propagation === 'Bidirectional' && !privileged) {
      problems.forbidden(listPath.child('mountPropagation'), 'Bidirectional mount propagation is available only to privileged containers');
    }
  }
}

function checkSecurityContext(container: ObjectReader): void {
  const context = container.object('securityContext');
  if (context === undefined) return;
  const { problems } = context;
  for (const field of ['runAsUser', 'runAsGroup']) {
    const id = context.int(field);
    if (id !== undefined && (id < 0 || id > INT32_MAX)) problems.invalid(context.at(field), id, inclusiveRangeError(0, INT32_MAX));
  }
  if (context.bool('privileged') === true && context.bool('allowPrivilegeEscalation') === false) {
    problems.invalid(context.path, context.fields, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true');
  }
}

/** Upstream's validateContainerCommon: what every kind of container must satisfy. */
function checkContainerCommon(container: ObjectReader, context: ContainerContext): void {
  const { problems } = container;
  const name = container.string('name');
  if (name === '') problems.required(container.at('name'));
  else problems.invalidEach(container.at('name'), name, validateDns1123Label(name));
  checkPorts(container, context);
  checkEnv(container);
  checkEnvFrom(container);
  checkVolumeMounts(container, context);
  const pullPolicy = container.string('imagePullPolicy');
  if (pullPolicy === '') problems.required(container.at('imagePullPolicy'));
  else if (!PULL_POLICIES.includes(pullPolicy)) problems.notSupported(container.at('imagePullPolicy'), pullPolicy, PULL_POLICIES);
  checkResourceRequirements(problems, container.object('resources'));
  const messagePolicy = container.string('terminationMessagePolicy');
  const messagePolicyError = "must be 'File' or 'FallbackToLogsOnError'";
  if (messagePolicy === '') problems.required(container.at('terminationMessagePolicy'), messagePolicyError);
  else if (messagePolicy !== 'File' && messagePolicy !== 'FallbackToLogsOnError') {
    problems.invalid(container.at('terminationMessagePolicy'), messagePolicy, messagePolicyError);
  }
  checkSecurityContext(container);
}

/** Upstream's AccumulateUniqueHostPorts over a group of containers. */
function checkHostPorts(containers: readonly ObjectReader[], seen: Set<string>): void {
  for (const container of containers) {
    for (const port of container.objects('ports')) {
      const hostPort = port.int('hostPort') ?? 0;
      if (hostPort === 0) continue;
      const key = `${port.string('protocol')}/${port.string('hostIP')}/${hostPort}`;
      if (seen.has(key)) port.problems.duplicate(port.at('hostPort'), key);
      seen.add(key);
    }
  }
}

/** Upstream's validateContainers for the regular containers of a pod spec. */
export function checkContainers(spec: ObjectReader, context: ContainerContext): void {
  const { problems } = spec;
  const containers = spec.objects('containers');
  if (containers.length === 0) { problems.required(spec.at('containers')); return; }
  const names = new Set<string>();
  for (const container of containers) {
    checkContainerCommon(container, context);
    const name = container.string('name');
    if (names.has(name)) problems.duplicate(container.at('name'), name);
    names.add(name);
    if (container.string('image') === '') problems.required(container.at('image'));
    checkLifecycle(container.object('lifecycle'));
    checkProbe(container.object('livenessProbe'), 'liveness');
    checkProbe(container.object('readinessProbe'), 'readiness');
    checkProbe(container.object('startupProbe'), 'startup');
    if (container.has('restartPolicy')) problems.forbidden(container.at('restartPolicy'), 'may not be set for non-init containers');
  }
  checkHostPorts(containers, new Set());
}

/** Upstream's validateInitContainers; names must differ from the regular containers' too. */
export function checkInitContainers(spec: ObjectReader, context: ContainerContext): void {
  const names = new Set(spec.objects('containers').map((container) => container.string('name')));
  for (const container of spec.objects('initContainers')) {
    const { problems } = container;
    checkContainerCommon(container, context);
    const restartPolicy = container.optionalString('restartPolicy');
    if (restartPolicy !== undefined && restartPolicy !== 'Always') problems.notSupported(container.at('restartPolicy'), restartPolicy, ['Always']);
    const name = container.string('name');
    if (names.has(name)) problems.duplicate(container.at('name'), name);
    else if (name !== '') names.add(name);
    if (container.string('image') === '') problems.required(container.at('image'));
    checkHostPorts([container], new Set());
    if (restartPolicy === 'Always') {
      checkLifecycle(container.object('lifecycle'));
      checkProbe(container.object('livenessProbe'), 'liveness');
      checkProbe(container.object('readinessProbe'), 'readiness');
      checkProbe(container.object('startupProbe'), 'startup');
    } else {
      for (const field of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (container.has(field)) problems.forbidden(container.at(field), NOT_FOR_PLAIN_INIT);
      }
    }
  }
}
