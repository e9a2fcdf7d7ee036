import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiObject } from '../../../src/api/object.js';
import { resourceOf } from '../../../src/client/api-client.js';
import { isConflict, isNotFound } from '../../../src/client/api-status-error.js';
import { Informer } from '../../../src/client/informer.js';
import { LeaderElector } from '../../../src/client/leader-elector.js';
import { systemClock } from '../../../src/util/clock.js';
import { silentLogger } from '../../../src/util/logger.js';
import { eventually, startTestControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';

const CONFIG_MAPS = resourceOf('v1', 'ConfigMap');

function configMap(name: string, data: Record<string, string>, labels: Record<string, string> = {}): ApiObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', labels }, data };
}

describe('the API client and informers against a real API server', () => {
  let plane: TestControlPlane;
  before(async () => {
    plane = await startTestControlPlane();
  });
  after(async () => {
    await plane.stop();
  });

  it('creates, reads, updates with conflict detection, patches and deletes', async () => {
    const { client } = plane;
    const created = await client.create(CONFIG_MAPS, configMap('crud', { a: '1' }));
    assert.ok(created.metadata.uid);
    const read = await client.get(CONFIG_MAPS, 'default', 'crud');
    assert.equal(read.metadata.resourceVersion, created.metadata.resourceVersion);
    const updated = await client.update(CONFIG_MAPS, { ...read, data: { a: '2' } });
    await assert.rejects(client.update(CONFIG_MAPS, { ...read, data: { a: '3' } }), isConflict);
    const patched = await client.patch(CONFIG_MAPS, 'default', 'crud', 'merge', { data: { b: 'x' } });
    assert.deepEqual(patched.data, { a: '2', b: 'x' });
    assert.notEqual(updated.metadata.resourceVersion, patched.metadata.resourceVersion);
    await client.delete(CONFIG_MAPS, 'default', 'crud');
    await assert.rejects(client.get(CONFIG_MAPS, 'default', 'crud'), isNotFound);
  });

  it('an informer lists, then follows adds, updates and deletes, and indexes them', async () => {
    const { client } = plane;
    await client.create(CONFIG_MAPS, configMap('before-start', { v: '1' }, { app: 'informer' }));
    const informer = new Informer({ client, resource: CONFIG_MAPS, clock: systemClock, logger: silentLogger, labelSelector: 'app=informer' });
    informer.addIndex('by-value', (object) => [String((object.data as Record<string, string>).v)]);
    const seen: string[] = [];
    informer.addHandler({
      onAdd: (object) => seen.push(`add ${object.metadata.name ?? ''}`),
      onUpdate: (_old, object) => seen.push(`update ${object.metadata.name ?? ''}`),
      onDelete: (object) => seen.push(`delete ${object.metadata.name ?? ''}`),
    });
    informer.start();
    try {
      await informer.waitForSync();
      assert.deepEqual(seen, ['add before-start']);
      await client.create(CONFIG_MAPS, configMap('after-start', { v: '2' }, { app: 'informer' }));
      await client.patch(CONFIG_MAPS, 'default', 'before-start', 'merge', { data: { v: '2' } });
      await client.delete(CONFIG_MAPS, 'default', 'after-start');
      await eventually('the informer to see three changes', () => (seen.length >= 4 ? true : undefined));
      assert.deepEqual(seen, ['add before-start', 'add after-start', 'update before-start', 'delete after-start']);
      assert.deepEqual(
        informer.byIndex('by-value', '2').map((object) => object.metadata.name),
        ['before-start'],
      );
      assert.equal(informer.get('default', 'after-start'), undefined);
    } finally {
      await informer.stop();
    }
  });

  it('exactly one of two candidates leads, and the other takes over when the leader stops', async () => {
    const events: string[] = [];
    const candidate = (identity: string) =>
      new LeaderElector({
        client: plane.client,
        clock: systemClock,
        logger: silentLogger,
        namespace: 'kube-system',
        name: 'test-election',
        identity,
        leaseDurationMs: 2000,
        renewIntervalMs: 300,
        onStartedLeading: () => events.push(`${identity} leads`),
        onStoppedLeading: () => events.push(`${identity} stops`),
      });
    const first = candidate('first');
    const second = candidate('second');
    first.start();
    await eventually('first to lead', () => (first.isLeader ? true : undefined));
    second.start();
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.equal(second.isLeader, false, 'a held lease is not taken over');
    await first.stop();
    await eventually('second to take over', () => (second.isLeader ? true : undefined));
    await second.stop();
    assert.deepEqual(events, ['first leads', 'first stops', 'second leads', 'second stops']);
  });
});
