import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiObject } from '../../api/object.js';
import { findKind } from '../../api/resources.js';
import { MemoryStorage } from '../../storage/memory/memory-storage.js';
import { FakeClock } from '../../util/clock.js';
import { ObjectStore } from './object-store.js';
import { strategyFor } from './strategies.js';

const PODS = findKind('v1', 'Pod');
const NAMESPACES = findKind('v1', 'Namespace');

async function storeWithPod(spec: Record<string, unknown>): Promise<{ store: ObjectStore; clock: FakeClock }> {
  if (PODS === undefined || NAMESPACES === undefined) throw new Error('pods are not served');
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const store = new ObjectStore({ storage: new MemoryStorage(), clock, strategyFor });
  await store.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }, { dryRun: false });
  const pod: ApiObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } };
  await store.create(PODS, pod, { dryRun: false });
  return { store, clock };
}

describe('graceful pod deletion', () => {
  it('keeps a pod that runs on a node, marked with its grace period, until a delete with 0', async () => {
    if (PODS === undefined) throw new Error('pods are not served');
    const { store } = await storeWithPod({ nodeName: 'node-a', terminationGracePeriodSeconds: 20 });
    const first = await store.delete(PODS, 'default', 'web', { dryRun: false });
    assert.equal(first.deleted, false);
    assert.equal(first.object.metadata.deletionGracePeriodSeconds, 20);
    assert.equal(first.object.metadata.deletionTimestamp, '2026-01-01T00:00:20Z', 'the deadline is now plus the grace period');
    const shorter = await store.delete(PODS, 'default', 'web', { dryRun: false, gracePeriodSeconds: 5 });
    assert.equal(shorter.object.metadata.deletionGracePeriodSeconds, 5, 'a shorter grace period replaces a longer one');
    const longer = await store.delete(PODS, 'default', 'web', { dryRun: false, gracePeriodSeconds: 60 });
    assert.equal(longer.object.metadata.deletionGracePeriodSeconds, 5, 'a longer one does not');
    const status = await store.get(PODS, 'default', 'web');
    const updated = await store.update(PODS, 'default', 'web', (pod) => ({ ...pod, status: { ...(pod.status as object), phase: 'Running' } }), { dryRun: false, subresource: 'status' });
    assert.equal(updated.metadata.name, status.metadata.name, 'status updates during the grace period keep the pod');
    const last = await store.delete(PODS, 'default', 'web', { dryRun: false, gracePeriodSeconds: 0 });
    assert.equal(last.deleted, true);
  });

  it('deletes an unscheduled pod at once', async () => {
    if (PODS === undefined) throw new Error('pods are not served');
    const { store } = await storeWithPod({});
    assert.equal((await store.delete(PODS, 'default', 'web', { dryRun: false })).deleted, true);
  });
});
