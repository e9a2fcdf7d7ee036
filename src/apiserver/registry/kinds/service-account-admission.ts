import { randomInt } from 'node:crypto';
import type { ApiObject } from '../../../api/object.js';
import { ensureObject, isUnset, objectsAt, type Json } from './json.js';
import { MIRROR_POD_ANNOTATION } from './pod-update-validation.js';

/** Where upstream mounts a pod's service account credentials. */
export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The kubelet's token lifetime for kube-api-access volumes (an hour plus a little jitter, as upstream). */
const TOKEN_EXPIRATION_SECONDS = 3607;
/** utilrand.String's alphabet: no vowels or look-alike characters. */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * Upstream's ServiceAccount admission for a new pod: `spec.serviceAccountName`
 * defaults to `default` and, unless `automountServiceAccountToken` is false, a
 * projected `kube-api-access-xxxxx` volume (token, the cluster CA from the
 * kube-root-ca.crt ConfigMap, the namespace) is mounted read-only at
 * /var/run/secrets/kubernetes.io/serviceaccount in every container that does not
 * already mount something there. Mirror pods are left alone. The service account's
 * own automountServiceAccountToken is not consulted (strategies cannot read other objects).
 */
export function admitServiceAccount(pod: ApiObject): void {
  if (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return;
  const spec = ensureObject(pod, 'spec');
  if (spec === undefined) return;
  if (isUnset(spec.serviceAccountName) || spec.serviceAccountName === '') {
    spec.serviceAccountName = typeof spec.serviceAccount === 'string' && spec.serviceAccount !== '' ? spec.serviceAccount : 'default';
  }
  if (spec.automountServiceAccountToken === false) return;
  const containers = [...objectsAt(spec, 'initContainers'), ...objectsAt(spec, 'containers')];
  const needing = containers.filter((container) => !objectsAt(container, 'volumeMounts').some((mount) => mount.mountPath === SERVICE_ACCOUNT_MOUNT_PATH));
  if (needing.length === 0) return;
  const volumes = Array.isArray(spec.volumes) ? (spec.volumes as unknown[]) : [];
  const taken = new Set(objectsAt(spec, 'volumes').map((volume) => volume.name));
  let name: string;
  do name = `kube-api-access-${randomName(5)}`;
  while (taken.has(name));
  spec.volumes = [...volumes, apiAccessVolume(name)];
  for (const container of needing) {
    const mounts = Array.isArray(container.volumeMounts) ? (container.volumeMounts as unknown[]) : [];
    container.volumeMounts = [...mounts, { name, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH }];
  }
}

function apiAccessVolume(name: string): Json {
  return {
    name,
    projected: {
      defaultMode: 0o644,
      sources: [
        { serviceAccountToken: { expirationSeconds: TOKEN_EXPIRATION_SECONDS, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };
}

function randomName(length: number): string {
  let name = '';
  for (let i = 0; i < length; i += 1) name += NAME_ALPHABET[randomInt(NAME_ALPHABET.length)] ?? '';
  return name;
}
