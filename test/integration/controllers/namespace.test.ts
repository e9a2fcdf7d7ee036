import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConfigMap, Namespace } from '../../../src/api/kinds.js';
import type { ApiObject } from '../../../src/api/object.js';
import { resourceOf } from '../../../src/client/api-client.js';
import { ApiStatusError, isNotFound } from '../../../src/client/api-status-error.js';
import { namespaceController } from '../../../src/controllers/namespace/namespace-controller.js';
import { eventually, startTestControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { kubectl } from '../../helpers/kubectl.js';

const NAMESPACES = resourceOf('v1', 'Namespace');
const CONFIG_MAPS = resourceOf('v1', 'ConfigMap');
const PODS = resourceOf('v1', 'Pod');
const HOLD = 'example.com/hold';

function configMap(namespace: string, name: string, finalizers: string[] = []): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, ...(finalizers.length === 0 ? {} : { finalizers }) }, data: { a: '1' } };
}

function pod(namespace: string, name: string): ApiObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: { containers: [{ name: 'app', image: 'busybox' }] } };
}

function conditionOf(namespace: Namespace, type: string) {
  return namespace.status?.conditions?.find((condition) => condition.type === type);
}

describe('namespace deletion', () => {
  let plane: TestControlPlane;
  before(async () => {
    plane = await startTestControlPlane({ controllers: [namespaceController] });
  });
  after(async () => {
    await plane.stop();
  });

  const gone = async (resource: typeof NAMESPACES, namespace: string | undefined, name: string) => {
    try {
      await plane.client.get(resource, namespace, name);
      return undefined;
    } catch (error) {
      if (isNotFound(error)) return true;
      throw error;
    }
  };

  it('kubectl delete namespace removes its contents, refuses new content meanwhile, then removes the namespace', async () => {
    const { client, kubeconfig } = plane;
    assert.equal((await kubectl(kubeconfig, ['create', 'namespace', 'doomed'])).code, 0);
    await client.create(CONFIG_MAPS, configMap('doomed', 'plain'));
    await client.create(CONFIG_MAPS, configMap('doomed', 'held', [HOLD]));
    await client.create(PODS, pod('doomed', 'worker'));

    const started = await kubectl(kubeconfig, ['delete', 'namespace', 'doomed', '--wait=false']);
    assert.equal(started.code, 0, started.stderr);

    const terminating = await eventually('the namespace to report the content its finalizer holds', async () => {
      const namespace = await client.get<Namespace>(NAMESPACES, undefined, 'doomed');
      return conditionOf(namespace, 'NamespaceFinalizersRemaining')?.status === 'True' ? namespace : undefined;
    });
    assert.equal(terminating.status?.phase, 'Terminating');
    assert.ok(terminating.metadata.deletionTimestamp);
    assert.deepEqual(terminating.spec?.finalizers, ['kubernetes']);
    assert.deepEqual(
      {
        remaining: conditionOf(terminating, 'NamespaceContentRemaining'),
        finalizers: conditionOf(terminating, 'NamespaceFinalizersRemaining'),
        failure: conditionOf(terminating, 'NamespaceDeletionContentFailure'),
      },
      {
        remaining: {
          type: 'NamespaceContentRemaining',
          status: 'True',
          reason: 'SomeResourcesRemain',
          message: 'Some resources are remaining: configmaps. has 1 resource instances',
          lastTransitionTime: conditionOf(terminating, 'NamespaceContentRemaining')?.lastTransitionTime,
        },
        finalizers: {
          type: 'NamespaceFinalizersRemaining',
          status: 'True',
          reason: 'SomeFinalizersRemain',
          message: `Some content in the namespace has finalizers remaining: ${HOLD} in 1 resource instances`,
          lastTransitionTime: conditionOf(terminating, 'NamespaceFinalizersRemaining')?.lastTransitionTime,
        },
        failure: {
          type: 'NamespaceDeletionContentFailure',
          status: 'False',
          reason: 'ContentDeleted',
          message: 'All content successfully deleted, may be waiting on finalization',
          lastTransitionTime: conditionOf(terminating, 'NamespaceDeletionContentFailure')?.lastTransitionTime,
        },
      },
    );
    assert.ok(await gone(CONFIG_MAPS, 'doomed', 'plain'));
    assert.ok(await gone(PODS, 'doomed', 'worker'));

    const refused = await client.create(CONFIG_MAPS, configMap('doomed', 'late')).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(refused instanceof ApiStatusError);
    assert.equal(refused.code, 403);
    assert.equal(refused.reason, 'Forbidden');
    assert.equal(refused.status?.message, 'configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated');
    assert.deepEqual(refused.status.details?.causes, [{ reason: 'NamespaceTerminating', message: 'namespace doomed is being terminated', field: 'metadata.namespace' }]);
    const byKubectl = await kubectl(kubeconfig, ['create', 'configmap', 'late', '-n', 'doomed', '--from-literal=a=b']);
    assert.notEqual(byKubectl.code, 0);
    assert.match(byKubectl.stderr, /unable to create new content in namespace doomed because it is being terminated/);

    await client.patch(CONFIG_MAPS, 'doomed', 'held', 'merge', { metadata: { finalizers: null } });
    const waited = await kubectl(kubeconfig, ['delete', 'namespace', 'doomed', '--timeout=30s']);
    assert.equal(waited.code, 0, waited.stderr);
    assert.ok(await gone(NAMESPACES, undefined, 'doomed'), 'kubectl returns once the namespace is gone');
    assert.ok(await gone(CONFIG_MAPS, 'doomed', 'held'));
  });

  it('a namespace with a finalizer of its own stays Terminating until the finalize subresource clears it', async () => {
    const { client } = plane;
    await client.create<Namespace>(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'custom' }, spec: { finalizers: ['example.com/custom'] } });
    await client.delete(NAMESPACES, undefined, 'custom');
    const waiting = await eventually('the namespace controller to finish its part', async () => {
      const namespace = await client.get<Namespace>(NAMESPACES, undefined, 'custom');
      return namespace.spec?.finalizers?.includes('kubernetes') === false ? namespace : undefined;
    });
    assert.equal(waiting.status?.phase, 'Terminating');
    assert.deepEqual(waiting.spec?.finalizers, ['example.com/custom']);
    assert.equal(conditionOf(waiting, 'NamespaceContentRemaining')?.reason, 'ContentRemoved');

    const finalized = await client.update<Namespace>(
      NAMESPACES,
      { ...waiting, metadata: { ...waiting.metadata, labels: { ignored: 'yes' } }, spec: { finalizers: [] } },
      { subresource: 'finalize' },
    );
    assert.equal(finalized.metadata.labels?.ignored, undefined, 'finalize changes spec.finalizers only');
    assert.ok(await gone(NAMESPACES, undefined, 'custom'), 'with no finalizer left the namespace is removed');
  });

  it('the finalize subresource of a live namespace changes its finalizers and nothing else', async () => {
    const { client } = plane;
    const created = await client.create<Namespace>(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'alive' } });
    const finalized = await client.update<Namespace>(
      NAMESPACES,
      { ...created, status: { phase: 'Terminating' }, spec: { finalizers: ['example.com/extra', 'kubernetes'] } },
      { subresource: 'finalize' },
    );
    assert.deepEqual(finalized.spec?.finalizers, ['example.com/extra', 'kubernetes']);
    assert.equal(finalized.status?.phase, 'Active');
    const plainUpdate = await client.update<Namespace>(NAMESPACES, { ...finalized, spec: { finalizers: [] } });
    assert.deepEqual(plainUpdate.spec?.finalizers, ['example.com/extra', 'kubernetes'], 'an ordinary update cannot change spec.finalizers');
  });
});
