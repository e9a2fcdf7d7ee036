import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConfigMap, ServiceAccount } from '../../../src/api/kinds.js';
import { resourceOf } from '../../../src/client/api-client.js';
import { rootCaPublisher } from '../../../src/controllers/root-ca-publisher/root-ca-publisher.js';
import { serviceAccountController } from '../../../src/controllers/serviceaccount/service-account-controller.js';
import { eventually, startTestControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { kubectl } from '../../helpers/kubectl.js';

const SERVICE_ACCOUNTS = resourceOf('v1', 'ServiceAccount');
const CONFIG_MAPS = resourceOf('v1', 'ConfigMap');
const CA_PEM = '-----BEGIN CERTIFICATE-----\nTUlJQ2Zha2VjYQ==\n-----END CERTIFICATE-----\n';

describe('the ServiceAccount controller and the root CA publisher', () => {
  let plane: TestControlPlane;
  before(async () => {
    plane = await startTestControlPlane({ controllers: [serviceAccountController, rootCaPublisher(CA_PEM)] });
  });
  after(async () => {
    await plane.stop();
  });

  const defaultAccount = async (namespace: string) =>
    await plane.client.get<ServiceAccount>(SERVICE_ACCOUNTS, namespace, 'default').catch(() => undefined);
  const rootCa = async (namespace: string) => await plane.client.get<ConfigMap>(CONFIG_MAPS, namespace, 'kube-root-ca.crt').catch(() => undefined);

  it('the system namespaces have a default ServiceAccount and kube-root-ca.crt', async () => {
    for (const namespace of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      await eventually(`the default ServiceAccount in ${namespace}`, () => defaultAccount(namespace));
      await eventually(`kube-root-ca.crt in ${namespace}`, () => rootCa(namespace));
    }
  });

  it('a new namespace gets a default ServiceAccount and kube-root-ca.crt, which kubectl lists', async () => {
    const { kubeconfig } = plane;
    assert.equal((await kubectl(kubeconfig, ['create', 'namespace', 'team-a'])).code, 0);
    await eventually('the default ServiceAccount', () => defaultAccount('team-a'));
    const configMap = await eventually('kube-root-ca.crt', () => rootCa('team-a'));
    assert.deepEqual(configMap.data, { 'ca.crt': CA_PEM });
    assert.match(configMap.metadata.annotations?.['kubernetes.io/description'] ?? '', /^Contains a CA bundle that can be used to verify the kube-apiserver/);
    const accounts = await kubectl(kubeconfig, ['get', 'serviceaccounts', '-n', 'team-a', '-o', 'name']);
    assert.equal(accounts.stdout.trim(), 'serviceaccount/default');
    const extracted = await kubectl(kubeconfig, ['get', 'configmap', 'kube-root-ca.crt', '-n', 'team-a', '-o', 'jsonpath={.data.ca\\.crt}']);
    assert.equal(extracted.stdout, CA_PEM);
  });

  it('a deleted default ServiceAccount is recreated', async () => {
    const { client, kubeconfig } = plane;
    const before = await eventually('the default ServiceAccount', () => defaultAccount('default'));
    assert.equal((await kubectl(kubeconfig, ['delete', 'serviceaccount', 'default', '-n', 'default'])).code, 0);
    const recreated = await eventually('a new default ServiceAccount', async () => {
      const account = await defaultAccount('default');
      return account !== undefined && account.metadata.uid !== before.metadata.uid ? account : undefined;
    });
    assert.equal(recreated.metadata.namespace, 'default');
    assert.ok(await client.get(SERVICE_ACCOUNTS, 'default', 'default'));
  });

  it('kube-root-ca.crt is restored when changed or deleted', async () => {
    const { client, kubeconfig } = plane;
    await eventually('kube-root-ca.crt', () => rootCa('default'));
    await client.patch(CONFIG_MAPS, 'default', 'kube-root-ca.crt', 'merge', { data: { 'ca.crt': 'tampered', extra: 'x' } });
    await eventually('the CA to be restored', async () => {
      const configMap = await rootCa('default');
      return JSON.stringify(configMap?.data) === JSON.stringify({ 'ca.crt': CA_PEM }) ? true : undefined;
    });
    assert.equal((await kubectl(kubeconfig, ['delete', 'configmap', 'kube-root-ca.crt', '-n', 'default'])).code, 0);
    const restored = await eventually('the ConfigMap to be recreated', () => rootCa('default'));
    assert.deepEqual(restored.data, { 'ca.crt': CA_PEM });
  });
});
