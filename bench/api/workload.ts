/** How much work each part of the API benchmark does. */
export const API_SIZES = {
  /** Concurrent clients of the mutating runs and of the pod creates. */
  clients: 50,
  /** HTTP/2 sessions the clients' requests are spread over. */
  sessions: 5,
  /** Untimed creates first (JIT, TLS and SQLite warm-up). */
  warmup: 500,
  /** ConfigMaps created, then updated once each. */
  configMaps: 10_000,
  /** Creates of the raw SqliteStorage, in the bench process. */
  rawWrites: 10_000,
  /** The API and raw write phases run interleaved in this many slices. */
  rounds: 5,
  pods: 10_000,
  /** Timed list requests of each kind (after one untimed one). */
  lists: 5,
  watchers: 1000,
  /** HTTP/2 sessions the watchers are spread over. */
  watchSessions: 10,
  /** Events created while every watcher watches; the first is the headline figure. */
  watchEvents: 5,
  coldStarts: 5,
  /** Idle time before the memory is read. */
  idleMs: 2000,
} as const;

export const NAMESPACE = 'bench';
export const CONFIGMAPS_PATH = `/api/v1/namespaces/${NAMESPACE}/configmaps`;
export const PODS_PATH = `/api/v1/namespaces/${NAMESPACE}/pods`;
/** What `kubectl get` asks for. */
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io';

/** Zero-padded, so names sort in creation order. */
export function nameOf(prefix: string, index: number): string {
  return `${prefix}-${String(index).padStart(6, '0')}`;
}

/** About 250 bytes of data: a small but not empty ConfigMap. */
const PAYLOAD = 'x'.repeat(200);

export function configMap(name: string, generation: number, resourceVersion?: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: NAMESPACE, labels: { app: 'bench' }, ...(resourceVersion === undefined ? {} : { resourceVersion }) },
    data: { generation: String(generation), payload: PAYLOAD },
  };
}

/** A minimal valid Pod: one container with a name and an image. */
export function pod(name: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NAMESPACE, labels: { app: 'bench' } },
    spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.9' }] },
  };
}

/**
 * What the raw storage writes per key: a ConfigMap as the server stores it (with
 * uid, creationTimestamp and resourceVersion), so both write values of one size.
 */
export function storedConfigMap(name: string, generation: number): Uint8Array {
  const object = configMap(name, generation);
  const metadata = object.metadata as Record<string, unknown>;
  metadata.uid = '6f1c2f3e-8d7a-4c55-9f0e-3b2a1d4c5e6f';
  metadata.creationTimestamp = '2026-11-25T00:00:00Z';
  metadata.resourceVersion = '123456';
  return new TextEncoder().encode(JSON.stringify(object));
}
