import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pod } from '../../api/kinds.js';
import type { DnsConfig, PortMapping, SandboxConfig } from '../runtime/container-runtime.js';
import { sandboxLabels } from './pod-labels.js';

/** `<logs root>/<namespace>_<name>_<uid>`, as the kubelet lays out pod logs. */
export function podLogDirectory(logsRoot: string, pod: Pod): string {
  return join(logsRoot, `${pod.metadata.namespace ?? 'default'}_${pod.metadata.name ?? ''}_${pod.metadata.uid ?? ''}`);
}

/** The host's resolver settings (dnsPolicy Default; also ClusterFirst until cluster DNS exists). */
export async function hostDnsConfig(resolvConf = '/etc/resolv.conf'): Promise<DnsConfig> {
  let text = '';
  try {
    text = await readFile(resolvConf, 'utf8');
  } catch {
    return { servers: [], searches: [], options: [] };
  }
  const servers: string[] = [];
  const searches: string[] = [];
  const options: string[] = [];
  for (const line of text.split('\n')) {
    const [keyword, ...values] = line.trim().split(/\s+/);
    if (keyword === 'nameserver' && values[0] !== undefined) servers.push(values[0]);
    else if (keyword === 'search' || keyword === 'domain') searches.splice(0, searches.length, ...values);
    else if (keyword === 'options') options.push(...values);
  }
  return { servers, searches, options };
}

export function sandboxConfig(pod: Pod, attempt: number, logDirectory: string, hostDns: DnsConfig): SandboxConfig {
  const spec = pod.spec ?? { containers: [] };
  const hostname = (spec.hostname ?? pod.metadata.name ?? '').slice(0, 63).replace(/[-.]+$/, '');
  const portMappings: PortMapping[] = [];
  for (const container of spec.containers) {
    for (const port of container.ports ?? []) {
      if (port.hostPort === undefined || port.hostPort === 0) continue;
      portMappings.push({
        protocol: port.protocol ?? 'TCP',
        containerPort: port.containerPort,
        hostPort: port.hostPort,
        ...(port.hostIP === undefined ? {} : { hostIp: port.hostIP }),
      });
    }
  }
  const security = spec.securityContext ?? {};
  const dns = spec.dnsPolicy === 'None' ? dnsFromPodConfig(spec.dnsConfig) : mergeDns(hostDns, spec.dnsConfig);
  return {
    name: pod.metadata.name ?? '',
    uid: pod.metadata.uid ?? '',
    namespace: pod.metadata.namespace ?? 'default',
    attempt,
    hostname,
    logDirectory,
    dns,
    portMappings,
    labels: sandboxLabels(pod),
    annotations: { ...(pod.metadata.annotations ?? {}) },
    network: spec.hostNetwork === true ? 'node' : 'pod',
    pid: spec.hostPID === true ? 'node' : spec.shareProcessNamespace === true ? 'pod' : 'container',
    ipc: spec.hostIPC === true ? 'node' : 'pod',
    sysctls: Object.fromEntries((security.sysctls ?? []).map((sysctl) => [sysctl.name, sysctl.value])),
    securityContext: {
      ...(security.runAsUser === undefined ? {} : { runAsUser: security.runAsUser }),
      ...(security.runAsGroup === undefined ? {} : { runAsGroup: security.runAsGroup }),
      ...(security.supplementalGroups === undefined ? {} : { supplementalGroups: security.supplementalGroups }),
    },
  };
}

type PodDnsConfig = NonNullable<Pod['spec']>['dnsConfig'];

function dnsFromPodConfig(config: PodDnsConfig): DnsConfig {
  return {
    servers: config?.nameservers ?? [],
    searches: config?.searches ?? [],
    options: (config?.options ?? []).map((option) => (option.value === undefined ? option.name ?? '' : `${option.name ?? ''}:${option.value}`)),
  };
}

function mergeDns(base: DnsConfig, extra: PodDnsConfig): DnsConfig {
  const added = dnsFromPodConfig(extra);
  return {
    servers: [...base.servers, ...added.servers],
    searches: [...base.searches, ...added.searches],
    options: [...base.options, ...added.options],
  };
}
