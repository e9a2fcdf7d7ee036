import type { Namespace, ServiceAccount } from '../../api/kinds.js';
import { resourceOf } from '../../client/api-client.js';
import { isAlreadyExists, isNotFound, type ApiStatusError } from '../../client/api-status-error.js';
import type { ControllerSpec } from '../runtime/controller-spec.js';

const NAMESPACES = resourceOf('v1', 'Namespace');
const SERVICE_ACCOUNTS = resourceOf('v1', 'ServiceAccount');
const DEFAULT_ACCOUNT = 'default';

/** True when a create failed because its namespace is being deleted (the NamespaceTerminating cause). */
export function isNamespaceTerminating(error: unknown): boolean {
  const causes = (error as Partial<ApiStatusError> | undefined)?.status?.details?.causes ?? [];
  return causes.some((cause) => cause.reason === 'NamespaceTerminating');
}

/** Keeps a `default` ServiceAccount in every active namespace, recreating it when deleted (upstream's serviceaccounts-controller). */
export const serviceAccountController: ControllerSpec = {
  name: 'serviceaccount',
  create: (context, queue) => {
    const namespaces = context.informers.informerFor<Namespace>(NAMESPACES);
    const accounts = context.informers.informerFor<ServiceAccount>(SERVICE_ACCOUNTS);
    namespaces.addHandler({
      onAdd: (namespace) => {
        queue.add(namespace.metadata.name ?? '');
      },
      onUpdate: (_previous, namespace) => {
        queue.add(namespace.metadata.name ?? '');
      },
    });
    accounts.addHandler({
      onDelete: (account) => {
        if (account.metadata.name === DEFAULT_ACCOUNT) queue.add(account.metadata.namespace ?? '');
      },
    });
    return {
      reconcile: async (name) => {
        const namespace = namespaces.get(undefined, name);
        if (namespace === undefined || namespace.metadata.deletionTimestamp !== undefined || namespace.status?.phase === 'Terminating') return undefined;
        if (accounts.get(name, DEFAULT_ACCOUNT) !== undefined) return undefined;
        try {
          await context.client.create<ServiceAccount>(SERVICE_ACCOUNTS, {
            apiVersion: 'v1',
            kind: 'ServiceAccount',
            metadata: { name: DEFAULT_ACCOUNT, namespace: name },
          });
        } catch (error) {
          if (isAlreadyExists(error) || isNotFound(error) || isNamespaceTerminating(error)) return undefined;
          throw error;
        }
        return undefined;
      },
    };
  },
};
