import type { ConfigMap, Namespace } from '../../api/kinds.js';
import { resourceOf } from '../../client/api-client.js';
import { isAlreadyExists, isNotFound, type ApiStatusError } from '../../client/api-status-error.js';
import type { ControllerSpec } from '../runtime/controller-spec.js';

const NAMESPACES = resourceOf('v1', 'Namespace');
const CONFIG_MAPS = resourceOf('v1', 'ConfigMap');

export const ROOT_CA_CONFIG_MAP = 'kube-root-ca.crt';
const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';

function namespaceTerminating(error: unknown): boolean {
  const causes = (error as Partial<ApiStatusError> | undefined)?.status?.details?.causes ?? [];
  return causes.some((cause) => cause.reason === 'NamespaceTerminating');
}

function holdsCa(configMap: ConfigMap, caPem: string): boolean {
  const data = configMap.data ?? {};
  const keys = Object.keys(data);
  const described = (configMap.metadata.annotations?.[DESCRIPTION_ANNOTATION] ?? '') !== '';
  return described && keys.length === 1 && data['ca.crt'] === caPem && (configMap.binaryData === undefined || Object.keys(configMap.binaryData).length === 0);
}

/**
 * Publishes the cluster CA as ConfigMap `kube-root-ca.crt` (key `ca.crt`) in every
 * namespace and restores it when changed or deleted (upstream's root-ca-cert-publisher).
 */
export function rootCaPublisher(caPem: string): ControllerSpec {
  return {
    name: 'root-ca-cert-publisher',
    create: (context, queue) => {
      const namespaces = context.informers.informerFor<Namespace>(NAMESPACES);
      const configMaps = context.informers.informerFor<ConfigMap>(CONFIG_MAPS);
      namespaces.addHandler({
        onAdd: (namespace) => {
          queue.add(namespace.metadata.name ?? '');
        },
        onUpdate: (_previous, namespace) => {
          if (namespace.status?.phase === 'Active') queue.add(namespace.metadata.name ?? '');
        },
      });
      const onConfigMap = (configMap: ConfigMap) => {
        if (configMap.metadata.name === ROOT_CA_CONFIG_MAP) queue.add(configMap.metadata.namespace ?? '');
      };
      configMaps.addHandler({ onUpdate: (_previous, configMap) => { onConfigMap(configMap); }, onDelete: onConfigMap });
      return {
        reconcile: async (name) => {
          const namespace = namespaces.get(undefined, name);
          if (namespace === undefined || namespace.metadata.deletionTimestamp !== undefined) return undefined;
          const current = configMaps.get(name, ROOT_CA_CONFIG_MAP);
          const data = { 'ca.crt': caPem };
          try {
            if (current === undefined) {
              await context.client.create<ConfigMap>(CONFIG_MAPS, {
                apiVersion: 'v1',
                kind: 'ConfigMap',
                metadata: { name: ROOT_CA_CONFIG_MAP, namespace: name, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } },
                data,
              });
              return undefined;
            }
            if (holdsCa(current, caPem)) return undefined;
            const { binaryData: _dropped, ...rest } = current;
            await context.client.update<ConfigMap>(CONFIG_MAPS, {
              ...rest,
              metadata: { ...current.metadata, annotations: { ...current.metadata.annotations, [DESCRIPTION_ANNOTATION]: DESCRIPTION } },
              data,
            });
          } catch (error) {
            // A namespace gone or being deleted gets no ConfigMap; a stale cache catches up and requeues.
            if (isNotFound(error) || namespaceTerminating(error) || isAlreadyExists(error)) return undefined;
            throw error;
          }
          return undefined;
        },
      };
    },
  };
}
