import type { Namespace } from '../../api/kinds.js';
import { resourceOf } from '../../client/api-client.js';
import { isNotFound } from '../../client/api-status-error.js';
import { rfc3339 } from '../../util/clock.js';
import type { ControllerSpec } from '../runtime/controller-spec.js';
import { enqueueObject } from '../runtime/enqueue-handlers.js';
import { namespaceConditions } from './namespace-conditions.js';
import { NamespaceContentDeleter } from './namespace-content-deleter.js';

const NAMESPACES = resourceOf('v1', 'Namespace');
const KUBERNETES_FINALIZER = 'kubernetes';
/** How soon a namespace whose content is not gone yet is looked at again (upstream: grace estimate / 2 + 1 s). */
const CONTENT_REQUEUE_MS = 1000;

function specFinalizers(namespace: Namespace): string[] {
  return namespace.spec?.finalizers ?? [];
}

/**
 * Empties a namespace being deleted: deletes every namespaced object in it, reports
 * progress in the upstream status conditions, and once nothing is left removes the
 * `kubernetes` finalizer through the finalize subresource, so that the API server
 * removes the namespace.
 */
export const namespaceController: ControllerSpec = {
  name: 'namespace',
  workers: 5,
  create: (context, queue) => {
    const namespaces = context.informers.informerFor<Namespace>(NAMESPACES);
    namespaces.addHandler(enqueueObject(queue));
    const deleter = new NamespaceContentDeleter(context.client);
    return {
      reconcile: async (name) => {
        const namespace = namespaces.get(undefined, name);
        if (namespace?.metadata.deletionTimestamp === undefined || !specFinalizers(namespace).includes(KUBERNETES_FINALIZER)) return undefined;
        const totals = await deleter.deleteAll(name);
        let latest = namespace;
        const conditions = namespaceConditions(namespace.status?.conditions ?? [], totals, rfc3339(context.clock.now()));
        try {
          if (conditions !== undefined) {
            latest = await context.client.update<Namespace>(NAMESPACES, { ...namespace, status: { ...namespace.status, conditions } }, { subresource: 'status' });
          }
          if (totals.deleteErrors.length > 0) throw new Error(`deleting the content of namespace ${name} failed: ${totals.deleteErrors.join('; ')}`);
          if (totals.remainingByResource.size > 0) return { requeueAfterMs: CONTENT_REQUEUE_MS };
          await context.client.update<Namespace>(
            NAMESPACES,
            { ...latest, spec: { ...latest.spec, finalizers: specFinalizers(latest).filter((finalizer) => finalizer !== KUBERNETES_FINALIZER) } },
            { subresource: 'finalize' },
          );
          context.logger.info('namespace emptied and finalized', { namespace: name });
        } catch (error) {
          if (isNotFound(error)) return undefined;
          throw error;
        }
        return undefined;
      },
    };
  },
};
