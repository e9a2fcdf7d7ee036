import { validateLabelName, validateLabels } from '../../../api/labels-validation.js';
import { validateDns1123Label, validateDns1123Subdomain, validateQualifiedName } from '../../../api/names.js';
import { checkContainers, checkInitContainers } from './container-validation.js';
import { validateIp } from './network-addresses.js';
import { INT32_MAX, inclusiveRangeError } from './numbers.js';
import type { ObjectReader } from './object-reader.js';
import { readQuantity } from './quantities.js';
import { checkAffinity, checkTolerations, checkTopologySpread } from './scheduling-validation.js';
import { checkVolumes } from './volume-validation.js';

export interface PodSpecOptions {
  /** A pod rather than a pod template. */
  readonly isPod: boolean;
  /** Volume names provided from elsewhere (a StatefulSet's volumeClaimTemplates). */
  readonly extraVolumes?: readonly string[];
}

export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

function checkDnsConfig(spec: ObjectReader, dnsPolicy: string): void {
  const { problems } = spec;
  const config = spec.object('dnsConfig');
  if (dnsPolicy === 'None') {
    if (config === undefined) { problems.required(spec.at('dnsConfig'), 'must provide `dnsConfig` when `dnsPolicy` is None'); return; }
    if (config.strings('nameservers').length === 0) {
      problems.required(config.at('nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None'); return;
    }
  }
  if (config === undefined) return;
  const nameservers = config.strings('nameservers');
  if (nameservers.length > 3) problems.invalid(config.at('nameservers'), nameservers, 'must not have more than 3 nameservers');
  nameservers.forEach((server, index) => { problems.invalidEach(config.at('nameservers').index(index), server, validateIp(server)); });
  const searches = config.strings('searches');
  if (searches.length > 32) problems.invalid(config.at('searches'), searches, 'must not have more than 32 search paths');
  if (searches.join(' ').length > 2048) {
    problems.invalid(config.at('searches'), searches, 'must not have more than 2048 characters (including spaces) in the search list');
  }
  searches.forEach((search, index) => {
    if (index === searches.length - 1 && search === '.') return;
    const domain = search.endsWith('.') ? search.slice(0, -1) : search;
    problems.invalidEach(config.at('searches').index(index), domain, validateDns1123Subdomain(domain));
  });
  for (const option of config.objects('options')) {
    if (option.string('name') === '') problems.required(option.path, 'must not be empty');
  }
}

function checkPodSecurityContext(spec: ObjectReader): void {
  const context = spec.object('securityContext');
  if (context === undefined) return;
  const { problems } = context;
  for (const field of ['runAsUser', 'runAsGroup', 'fsGroup']) {
    const id = context.int(field);
    if (id !== undefined && (id < 0 || id > INT32_MAX)) problems.invalid(context.at(field), id, inclusiveRangeError(0, INT32_MAX));
  }
  const policy = context.optionalString('fsGroupChangePolicy');
  if (policy !== undefined && policy !== 'OnRootMismatch' && policy !== 'Always') {
    problems.notSupported(context.at('fsGroupChangePolicy'), policy, ['OnRootMismatch', 'Always']);
  }
}

function checkNamed(spec: ObjectReader, field: string, validate: (value: string) => string[]): void {
  const value = spec.string(field);
  if (value !== '') spec.problems.invalidEach(spec.at(field), value, validate(value));
}

function checkMiscellaneous(spec: ObjectReader): void {
  const { problems } = spec;
  for (const alias of spec.objects('hostAliases')) {
    const ip = alias.string('ip');
    problems.invalidEach(alias.at('ip'), ip, validateIp(ip));
    alias.strings('hostnames').forEach((host, index) => { problems.invalidEach(alias.at('hostnames').index(index), host, validateDns1123Subdomain(host)); });
  }
  checkNamed(spec, 'priorityClassName', validateDns1123Subdomain);
  checkNamed(spec, 'runtimeClassName', validateDns1123Subdomain);
  const preemption = spec.optionalString('preemptionPolicy');
  if (preemption !== undefined && preemption !== 'Never' && preemption !== 'PreemptLowerPriority') {
    problems.notSupported(spec.at('preemptionPolicy'), preemption, ['Never', 'PreemptLowerPriority']);
  }
  for (const [name, value] of Object.entries(spec.object('overhead')?.fields ?? {})) {
    const quantity = readQuantity(problems, spec.at('overhead').key(name), value);
    if (quantity !== undefined && quantity.sign() < 0) problems.invalid(spec.at('overhead').key(name), quantity.toString(), 'must be greater than or equal to 0');
  }
  const os = spec.object('os');
  if (os !== undefined) {
    const name = os.string('name');
    if (name === '') problems.required(os.at('name'));
    else if (name !== 'linux' && name !== 'windows') problems.notSupported(os.at('name'), name, ['linux', 'windows']);
  }
  const gates = new Set<string>();
  for (const gate of spec.objects('schedulingGates')) {
    const name = gate.string('name');
    problems.invalidEach(gate.at('name'), name, validateQualifiedName(name));
    if (gates.has(name)) problems.duplicate(gate.at('name'), name);
    gates.add(name);
  }
}

/** Upstream's ValidatePodSpec. */
export function checkPodSpec(spec: ObjectReader, options: PodSpecOptions): void {
  const { problems } = spec;
  if (!spec.has('terminationGracePeriodSeconds')) problems.required(spec.at('terminationGracePeriodSeconds'));
  else spec.int('terminationGracePeriodSeconds');
  const volumes = checkVolumes(spec);
  for (const name of options.extraVolumes ?? []) volumes.add(name);
  const context = { volumes, hostNetwork: spec.bool('hostNetwork') === true, isPod: options.isPod };
  checkInitContainers(spec, context);
  checkContainers(spec, context);
  const restartPolicy = spec.string('restartPolicy');
  if (restartPolicy === '') problems.required(spec.at('restartPolicy'));
  else if (!RESTART_POLICIES.includes(restartPolicy)) problems.notSupported(spec.at('restartPolicy'), restartPolicy, RESTART_POLICIES);
  const dnsPolicy = spec.string('dnsPolicy');
  if (dnsPolicy === '') problems.required(spec.at('dnsPolicy'));
  else if (!DNS_POLICIES.includes(dnsPolicy)) problems.notSupported(spec.at('dnsPolicy'), dnsPolicy, DNS_POLICIES);
  problems.add(...validateLabels(spec.raw('nodeSelector'), spec.at('nodeSelector')));
  checkPodSecurityContext(spec);
  checkAffinity(spec);
  checkDnsConfig(spec, dnsPolicy);
  for (const gate of spec.objects('readinessGates')) problems.add(...validateLabelName(gate.string('conditionType'), gate.at('conditionType')));
  checkTopologySpread(spec);
  checkNamed(spec, 'serviceAccountName', validateDns1123Subdomain);
  checkNamed(spec, 'nodeName', validateDns1123Subdomain);
  const deadline = spec.int('activeDeadlineSeconds');
  if (deadline !== undefined && (deadline < 1 || deadline > INT32_MAX)) {
    problems.invalid(spec.at('activeDeadlineSeconds'), deadline, inclusiveRangeError(1, INT32_MAX));
  }
  checkNamed(spec, 'hostname', validateDns1123Label);
  checkNamed(spec, 'subdomain', validateDns1123Label);
  checkTolerations(spec);
  checkMiscellaneous(spec);
}
