import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiException, CoreV1Api, KubeConfig, makeInformer, type V1ConfigMap } from '@kubernetes/client-node';
import { startTugServer, type RunningServer } from '../helpers/tug-server.js';

let server: RunningServer;
let api: CoreV1Api;
let config: KubeConfig;

function configMap(name: string, data: Record<string, string> = {}): V1ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { suite: 'client-node' } }, data };
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('@kubernetes/client-node against tug server', () => {
  before(async () => {
    server = await startTugServer({ datastore: 'memory://' });
    config = new KubeConfig();
    config.loadFromFile(server.kubeconfig);
    api = config.makeApiClient(CoreV1Api);
  });
  after(async () => {
    await server.stop();
  });

  it('creates, reads and replaces a configmap, and gets 409 for a stale replace', async () => {
    const created = await api.createNamespacedConfigMap({ namespace: 'default', body: configMap('alpha', { a: '1' }) });
    assert.ok(created.metadata?.uid !== undefined);
    const read = await api.readNamespacedConfigMap({ namespace: 'default', name: 'alpha' });
    assert.deepEqual(read.data, { a: '1' });
    const replaced = await api.replaceNamespacedConfigMap({ namespace: 'default', name: 'alpha', body: { ...read, data: { a: '2' } } });
    assert.notEqual(replaced.metadata?.resourceVersion, read.metadata?.resourceVersion);
    await assert.rejects(
      api.replaceNamespacedConfigMap({ namespace: 'default', name: 'alpha', body: { ...read, data: { a: '3' } } }),
      (error: unknown) => error instanceof ApiException && error.code === 409,
    );
    await assert.rejects(
      api.readNamespacedConfigMap({ namespace: 'default', name: 'missing' }),
      (error: unknown) => error instanceof ApiException && error.code === 404,
    );
  });

  it('pages through a list with limit and continue', async () => {
    for (let i = 0; i < 25; i++) await api.createNamespacedConfigMap({ namespace: 'default', body: configMap(`page-${String(i).padStart(2, '0')}`) });
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await api.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'suite=client-node', limit: 10, ...(token === undefined ? {} : { _continue: token }) });
      names.push(...page.items.map((item) => item.metadata?.name ?? ''));
      token = page.metadata?._continue;
      pages++;
    } while (token !== undefined && token !== '');
    assert.equal(pages, 3);
    assert.equal(names.filter((name) => name.startsWith('page-')).length, 25);
  });

  it('keeps an informer cache in step with creates, updates and deletes', async () => {
    const informer = makeInformer(config, '/api/v1/namespaces/default/configmaps', () =>
      api.listNamespacedConfigMap({ namespace: 'default' }),
    );
    const events: string[] = [];
    informer.on('add', (object) => events.push(`add ${object.metadata?.name ?? ''}`));
    informer.on('update', (object) => events.push(`update ${object.metadata?.name ?? ''}`));
    informer.on('delete', (object) => events.push(`delete ${object.metadata?.name ?? ''}`));
    await informer.start();
    try {
      await api.createNamespacedConfigMap({ namespace: 'default', body: configMap('watched', { v: '1' }) });
      await eventually(() => events.includes('add watched'), 'the add');
      const current = await api.readNamespacedConfigMap({ namespace: 'default', name: 'watched' });
      await api.replaceNamespacedConfigMap({ namespace: 'default', name: 'watched', body: { ...current, data: { v: '2' } } });
      await eventually(() => events.includes('update watched'), 'the update');
      assert.equal(informer.get('watched', 'default')?.data?.v, '2');
      await api.deleteNamespacedConfigMap({ namespace: 'default', name: 'watched' });
      await eventually(() => events.includes('delete watched'), 'the delete');
      assert.equal(informer.get('watched', 'default'), undefined);
    } finally {
      await informer.stop();
    }
  });
});
