import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EndpointSlice, Endpoints, Pod } from '../../../src/api/kinds.js';
import type { ApiObject } from '../../../src/api/object.js';
import { resourceOf } from '../../../src/client/api-client.js';
import { isNotFound } from '../../../src/client/api-status-error.js';
import { endpointsController } from '../../../src/controllers/endpoints/endpoints-controller.js';
import { endpointSliceController } from '../../../src/controllers/endpointslice/endpoint-slice-controller.js';
import { eventually, startTestControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { kubectl } from '../../helpers/kubectl.js';
import { startPodStatusFaker, type PodStatusFaker } from '../../helpers/pod-status-faker.js';

const SERVICES = resourceOf('v1', 'Service');
const PODS = resourceOf('v1', 'Pod');
const ENDPOINTS = resourceOf('v1', 'Endpoints');
const SLICES = resourceOf('discovery.k8s.io/v1', 'EndpointSlice');

function service(name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}): ApiObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default', labels }, spec };
}

function pod(name: string, app: string, extra: Record<string, unknown> = {}): ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app } },
    spec: { ...extra, containers: [{ name: 'app', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] },
  };
}

describe('the Endpoints and EndpointSlice controllers', () => {
  let plane: TestControlPlane;
  let faker: PodStatusFaker;
  before(async () => {
    plane = await startTestControlPlane({ controllers: [endpointsController, endpointSliceController] });
    faker = await startPodStatusFaker(plane.client, { ready: (candidate) => candidate.metadata.name !== 'web-2' });
  });
  after(async () => {
    await faker.stop();
    await plane.stop();
  });

  const endpointsOf = async (name: string) => await plane.client.get<Endpoints>(ENDPOINTS, 'default', name).catch(() => undefined);
  const slicesOf = async (name: string) =>
    (await plane.client.list<EndpointSlice>(SLICES, { namespace: 'default', labelSelector: `kubernetes.io/service-name=${name}` })).items;
  const ipOf = async (name: string) =>
    await eventually(`pod ${name} to get an IP`, async () => (await plane.client.get<Pod>(PODS, 'default', name)).status?.podIP);
  const setReady = async (name: string, ready: boolean) => {
    const current = await plane.client.get<Pod>(PODS, 'default', name);
    const conditions = (current.status?.conditions ?? []).map((condition) =>
      condition.type === 'Ready' || condition.type === 'ContainersReady' ? { ...condition, status: ready ? 'True' : 'False', lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') } : condition,
    );
    await plane.client.patch(PODS, 'default', name, 'merge', { status: { conditions } }, { subresource: 'status' });
  };
  /** Addresses and notReadyAddresses by IP, as `kubectl describe endpoints` groups them. */
  const addressesOf = (endpoints: Endpoints | undefined) => ({
    ready: (endpoints?.subsets ?? []).flatMap((subset) => (subset.addresses ?? []).map((address) => address.ip)).sort(),
    notReady: (endpoints?.subsets ?? []).flatMap((subset) => (subset.notReadyAddresses ?? []).map((address) => address.ip)).sort(),
  });
  const sliceState = (slices: EndpointSlice[]) =>
    slices.flatMap((slice) => slice.endpoints.map((endpoint) => `${endpoint.targetRef?.name ?? ''} ready=${String(endpoint.conditions?.ready)}`)).sort();

  it('a Service gets Endpoints and an EndpointSlice that follow its pods becoming ready, unready and deleted', async () => {
    const { client, kubeconfig } = plane;
    await client.create(SERVICES, service('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }, { tier: 'frontend' }));
    await client.create(PODS, pod('web-1', 'web'));
    await client.create(PODS, pod('web-2', 'web'));
    await client.create(PODS, pod('other', 'other'));
    const [ip1, ip2] = [await ipOf('web-1'), await ipOf('web-2')];

    const first = await eventually('Endpoints with one ready and one unready address', async () => {
      const endpoints = await endpointsOf('web');
      const { ready, notReady } = addressesOf(endpoints);
      return ready.length === 1 && notReady.length === 1 ? endpoints : undefined;
    });
    assert.deepEqual(addressesOf(first), { ready: [ip1], notReady: [ip2] });
    const subset = first.subsets?.[0];
    assert.deepEqual(subset?.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }], 'the named targetPort resolves to the container port');
    assert.deepEqual(subset.addresses?.[0]?.targetRef, { kind: 'Pod', namespace: 'default', name: 'web-1', uid: (await client.get(PODS, 'default', 'web-1')).metadata.uid });
    assert.equal(subset.addresses[0].nodeName, 'test-node');
    assert.equal(first.metadata.labels?.tier, 'frontend', 'labels are copied from the Service');
    assert.match(first.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'] ?? '', /^\d{4}-\d\d-\d\dT/);

    const slices = await eventually('one EndpointSlice with both pods', async () => {
      const found = await slicesOf('web');
      return found.length === 1 && found[0]?.endpoints.length === 2 ? found : undefined;
    });
    const slice = slices[0];
    assert.ok(slice !== undefined);
    const webService = await client.get(SERVICES, 'default', 'web');
    assert.equal(slice.addressType, 'IPv4');
    assert.equal(slice.metadata.labels?.['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
    assert.equal(slice.metadata.labels.tier, 'frontend');
    assert.deepEqual(slice.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: webService.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    assert.deepEqual(slice.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    assert.deepEqual(
      slice.endpoints.find((endpoint) => endpoint.targetRef?.name === 'web-2'),
      {
        addresses: [ip2],
        conditions: { ready: false, serving: false, terminating: false },
        targetRef: { kind: 'Pod', namespace: 'default', name: 'web-2', uid: (await client.get(PODS, 'default', 'web-2')).metadata.uid },
        nodeName: 'test-node',
      },
    );

    await setReady('web-2', true);
    await eventually('both addresses to be ready', async () => {
      const { ready, notReady } = addressesOf(await endpointsOf('web'));
      return ready.length === 2 && notReady.length === 0 ? true : undefined;
    });
    await eventually('both slice endpoints to be ready', async () =>
      JSON.stringify(sliceState(await slicesOf('web'))) === JSON.stringify(['web-1 ready=true', 'web-2 ready=true']) ? true : undefined,
    );
    const shown = await kubectl(kubeconfig, ['get', 'endpoints', 'web', '--no-headers']);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, new RegExp(`^web\\s+${[ip1, ip2].sort().map((ip) => `${ip.replace(/\./g, '\\.')}:8080`).join(',')}\\s`));

    await setReady('web-1', false);
    await eventually('web-1 to become a not-ready address', async () => {
      const { ready, notReady } = addressesOf(await endpointsOf('web'));
      return JSON.stringify({ ready, notReady }) === JSON.stringify({ ready: [ip2], notReady: [ip1] }) ? true : undefined;
    });
    await eventually('the slice to mark web-1 not ready', async () =>
      JSON.stringify(sliceState(await slicesOf('web'))) === JSON.stringify(['web-1 ready=false', 'web-2 ready=true']) ? true : undefined,
    );

    await client.delete(PODS, 'default', 'web-2');
    await eventually('web-2 to leave the Endpoints', async () => {
      const { ready, notReady } = addressesOf(await endpointsOf('web'));
      return ready.length === 0 && JSON.stringify(notReady) === JSON.stringify([ip1]) ? true : undefined;
    });
    await eventually('web-2 to leave the slice', async () =>
      JSON.stringify(sliceState(await slicesOf('web'))) === JSON.stringify(['web-1 ready=false']) ? true : undefined,
    );

    await client.delete(SERVICES, 'default', 'web');
    await eventually('the Endpoints to go with the Service', async () => ((await endpointsOf('web')) === undefined ? true : undefined));
    await eventually('the slices to go with the Service', async () => ((await slicesOf('web')).length === 0 ? true : undefined));
  });

  it('a headless Service publishes hostnames and a Service without a selector is left alone', async () => {
    const { client } = plane;
    const manual: Endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'external', namespace: 'default' },
      subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 5432, protocol: 'TCP' }] }],
    };
    await client.create(SERVICES, service('external', { ports: [{ port: 5432 }] }));
    const written = await client.create<Endpoints>(ENDPOINTS, manual);
    await client.create(SERVICES, service('db', { clusterIP: 'None', selector: { app: 'db' } }));
    await client.create(PODS, pod('db-0', 'db', { hostname: 'db-0', subdomain: 'db' }));
    const ip = await ipOf('db-0');

    const headless = await eventually('Endpoints of the headless Service', async () => {
      const endpoints = await endpointsOf('db');
      return endpoints?.subsets?.length === 1 ? endpoints : undefined;
    });
    assert.deepEqual(headless.subsets?.[0]?.addresses?.map((address) => [address.ip, address.hostname]), [[ip, 'db-0']]);
    assert.equal(headless.subsets[0].ports, undefined, 'a headless Service without ports has portless endpoints');
    assert.equal(headless.metadata.labels?.['service.kubernetes.io/headless'], '');
    const [slice] = await eventually('the headless Service slice', async () => {
      const found = await slicesOf('db');
      return found[0]?.endpoints.length === 1 ? found : undefined;
    });
    assert.equal(slice?.endpoints[0]?.hostname, 'db-0');
    assert.equal(slice.metadata.labels?.['service.kubernetes.io/headless'], '');

    const untouched = await client.get<Endpoints>(ENDPOINTS, 'default', 'external');
    assert.equal(untouched.metadata.resourceVersion, written.metadata.resourceVersion);
    assert.deepEqual((await slicesOf('external')).length, 0);
  });

  it('a Service without ready pods gets empty Endpoints and a placeholder slice', async () => {
    const { client } = plane;
    await client.create(SERVICES, service('idle', { selector: { app: 'nothing-here' }, ports: [{ port: 80 }] }));
    const endpoints = await eventually('the Endpoints', () => endpointsOf('idle'));
    assert.deepEqual(endpoints.subsets ?? [], []);
    const slices = await eventually('the placeholder slice', async () => {
      const found = await slicesOf('idle');
      return found.length === 1 ? found : undefined;
    });
    assert.deepEqual(slices[0]?.endpoints, []);
    await client.delete(SERVICES, 'default', 'idle');
    await eventually('the Endpoints to go', async () => {
      try {
        await client.get(ENDPOINTS, 'default', 'idle');
        return undefined;
      } catch (error) {
        return isNotFound(error) ? true : undefined;
      }
    });
  });
});
