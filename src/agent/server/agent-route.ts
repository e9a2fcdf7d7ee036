import type { PodRef } from './pod-containers.js';

/** What a kubelet-style path addresses: `/exec/{ns}/{pod}[/{uid}]/{container}`, `/portForward/{ns}/{pod}[/{uid}]`... */
export type AgentRoute =
  | { readonly kind: 'containerLogs' | 'exec' | 'attach'; readonly pod: PodRef; readonly container: string }
  | { readonly kind: 'portForward'; readonly pod: PodRef };

export function parseAgentRoute(pathname: string): AgentRoute | undefined {
  const parts = pathname.split('/').filter((part) => part !== '').map(decodeURIComponent);
  const [kind, namespace, name, ...rest] = parts;
  if (namespace === undefined || name === undefined) return undefined;
  if (kind === 'portForward' && rest.length <= 1) {
    return { kind, pod: { namespace, name, ...(rest[0] === undefined ? {} : { uid: rest[0] }) } };
  }
  if ((kind === 'containerLogs' && rest.length === 1) || ((kind === 'exec' || kind === 'attach') && (rest.length === 1 || rest.length === 2))) {
    const container = rest[rest.length - 1] ?? '';
    const uid = rest.length === 2 ? rest[0] : undefined;
    return { kind, pod: { namespace, name, ...(uid === undefined ? {} : { uid }) }, container };
  }
  return undefined;
}
