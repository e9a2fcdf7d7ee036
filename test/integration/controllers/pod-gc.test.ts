import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Node, Pod } from '../../../src/api/kinds.js';
import { resourceOf } from '../../../src/client/api-client.js';
import { isNotFound } from '../../../src/client/api-status-error.js';
import { podGcController } from '../../../src/controllers/podgc/pod-gc-controller.js';
import { eventually, startTestControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';

const PODS = resourceOf('v1', 'Pod');
const NODES = resourceOf('v1', 'Node');

describe('the pod garbage collector', () => {
  let plane: TestControlPlane;
  before(async () => {
    plane = await startTestControlPlane({ controllers: [podGcController] });
  });
  after(async () => {
    await plane.stop();
  });

  const boundPod = async (name: string, node: string) => {
    await plane.client.create<Pod>(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    await plane.client.createSubresource(PODS, 'default', name, 'binding', {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name },
      target: { kind: 'Node', name: node },
    });
  };
  const gone = async (name: string) =>
    eventually(`pod ${name} to be gone`, async () => {
      try {
        await plane.client.get(PODS, 'default', name);
        return undefined;
      } catch (error) {
        return isNotFound(error) ? true : undefined;
      }
    });

  it('force-deletes the pods of a node that was deleted, which no agent will finish', async () => {
    await plane.client.create<Node>(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'doomed' } });
    await boundPod('stranded', 'doomed');
    const deleting = await plane.client.delete(PODS, 'default', 'stranded');
    assert.ok(deleting.metadata.deletionTimestamp, 'a bound pod waits for its agent');
    await plane.client.get(PODS, 'default', 'stranded');
    await plane.client.delete(NODES, undefined, 'doomed');
    await gone('stranded');
  });

  it('force-deletes a pod bound to a node that never existed', async () => {
    await boundPod('orphan', 'nowhere');
    await gone('orphan');
  });

  it('leaves pods on existing nodes alone', async () => {
    await plane.client.create<Node>(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'alive' } });
    await boundPod('kept', 'alive');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const pod = await plane.client.get<Pod>(PODS, 'default', 'kept');
    assert.equal(pod.spec?.nodeName, 'alive');
  });
});
