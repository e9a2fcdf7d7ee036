import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Obj } from './testdata/apply-fixtures.js';
import { T1, T2, apiErrorOf, apply, container, deployment, fieldsOf, metadataOf, owners, specOf, template } from './testdata/apply-fixtures.js';

const CONTAINERS = '.spec.template.spec.containers';

function webApp(replicas: number, image = 'nginx:1'): Obj {
  return deployment({ replicas, selector: { matchLabels: { app: 'web' } }, ...template(container('web', image)) }, { labels: { app: 'web' } });
}

it('apply creates the object and makes the applier own every field it set', () => {
  const created = apply(undefined, webApp(2), 'kubectl');
  assert.deepEqual(specOf(created), { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'web', image: 'nginx:1' }] } } });
  assert.deepEqual(owners(created), [
    {
      manager: 'kubectl',
      operation: 'Apply',
      time: T1,
      fields: ['.metadata.labels.app', '.spec.replicas', '.spec.selector', `${CONTAINERS}[name="web"]`, `${CONTAINERS}[name="web"].image`, `${CONTAINERS}[name="web"].name`],
    },
  ]);
  const [entry] = metadataOf(created).managedFields as Obj[];
  assert.deepEqual(Object.keys(entry ?? {}), ['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1']);
  assert.equal(entry?.apiVersion, 'apps/v1');
});

it('a second applier of a different field shares the object, each owning its own fields', () => {
  const live = apply(undefined, webApp(2), 'kubectl');
  const both = apply(live, deployment({}, { labels: { team: 'payments' } }), 'labeller', { now: T2 });
  assert.deepEqual(metadataOf(both).labels, { app: 'web', team: 'payments' });
  assert.deepEqual(fieldsOf(both, 'labeller'), ['.metadata.labels.team']);
  assert.ok(fieldsOf(both, 'kubectl')?.includes('.spec.replicas'));
  assert.deepEqual(
    owners(both).map((owner) => [owner.manager, owner.time]),
    [
      ['kubectl', T1],
      ['labeller', T2],
    ],
  );
});

it('an apply changing a field another applier owns fails with 409 naming the conflict', () => {
  const live = apply(undefined, webApp(2), 'kubectl');
  const error = apiErrorOf(() => apply(live, deployment({ replicas: 5 }), 'autoscaler'));
  assert.equal(error.httpCode, 409);
  assert.equal(error.reason, 'Conflict');
  assert.equal(error.message, 'Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas');
  assert.deepEqual(error.toStatus().details, { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl"', field: '.spec.replicas' }] });
});

it('an apply conflicting with several managers lists every conflict, grouped by manager', () => {
  const live = apply(undefined, webApp(2), 'kubectl');
  const error = apiErrorOf(() => apply(live, deployment({ replicas: 5, ...template(container('web', 'nginx:2')) }, { labels: { app: 'api' } }), 'ci'));
  assert.equal(
    error.message,
    [
      'Apply failed with 3 conflicts: conflicts with "kubectl":',
      '- .metadata.labels.app',
      '- .spec.replicas',
      `- ${CONTAINERS}[name="web"].image`,
    ].join('\n'),
  );
  assert.equal(error.toStatus().details?.causes?.length, 3);
});

it('a forced apply takes ownership of the conflicting fields from their manager', () => {
  const live = apply(undefined, webApp(2), 'kubectl');
  const forced = apply(live, deployment({ replicas: 5 }), 'autoscaler', { force: true, now: T2 });
  assert.equal(specOf(forced).replicas, 5);
  assert.deepEqual(fieldsOf(forced, 'autoscaler'), ['.spec.replicas']);
  assert.equal(fieldsOf(forced, 'kubectl')?.includes('.spec.replicas'), false);
  // kubectl applying its old value now conflicts with the new owner.
  assert.equal(apiErrorOf(() => apply(forced, webApp(2), 'kubectl')).message, 'Apply failed with 1 conflict: conflict with "autoscaler": .spec.replicas');
});

it('applying the value another manager already set shares ownership without a conflict', () => {
  const live = apply(undefined, webApp(2), 'kubectl');
  const shared = apply(live, deployment({ replicas: 2 }), 'autoscaler');
  assert.deepEqual(fieldsOf(shared, 'autoscaler'), ['.spec.replicas']);
  assert.ok(fieldsOf(shared, 'kubectl')?.includes('.spec.replicas'));
});

it('a field its applier alone owned is removed when the applier stops applying it', () => {
  const live = apply(undefined, deployment({ replicas: 2, paused: true }, { labels: { app: 'web', tier: 'front' } }), 'kubectl');
  const next = apply(live, deployment({ replicas: 2 }, { labels: { app: 'web' } }), 'kubectl', { now: T2 });
  assert.deepEqual(specOf(next), { replicas: 2 });
  assert.deepEqual(metadataOf(next).labels, { app: 'web' });
  assert.deepEqual(fieldsOf(next, 'kubectl'), ['.metadata.labels.app', '.spec.replicas']);
});

it('dropping the last label removes the labels map itself', () => {
  const live = apply(undefined, deployment({ replicas: 1 }, { labels: { app: 'web' } }), 'kubectl');
  const next = apply(live, deployment({ replicas: 1 }), 'kubectl');
  assert.equal(Object.hasOwn(metadataOf(next), 'labels'), false);
});

it('a field another manager also owns stays when one applier stops applying it', () => {
  const live = apply(undefined, deployment({ replicas: 2 }, { labels: { app: 'web', tier: 'front' } }), 'kubectl');
  const shared = apply(live, deployment({}, { labels: { tier: 'front' } }), 'labeller');
  const next = apply(shared, deployment({ replicas: 2 }, { labels: { app: 'web' } }), 'kubectl');
  assert.deepEqual(metadataOf(next).labels, { app: 'web', tier: 'front' });
  assert.deepEqual(fieldsOf(next, 'labeller'), ['.metadata.labels.tier']);
});

it('two appliers each applying their own container both keep theirs, merged by name', () => {
  const live = apply(undefined, deployment(template(container('web', 'nginx:1'))), 'app-team');
  const withSidecar = apply(live, deployment(template(container('proxy', 'envoy:1'))), 'mesh-injector');
  assert.deepEqual(specOf(withSidecar).template, { spec: { containers: [container('web', 'nginx:1'), container('proxy', 'envoy:1')] } });
  assert.deepEqual(fieldsOf(withSidecar, 'mesh-injector'), [`${CONTAINERS}[name="proxy"]`, `${CONTAINERS}[name="proxy"].image`, `${CONTAINERS}[name="proxy"].name`]);
  const updated = apply(withSidecar, deployment(template(container('web', 'nginx:2'))), 'app-team');
  assert.deepEqual(specOf(updated).template, { spec: { containers: [container('web', 'nginx:2'), container('proxy', 'envoy:1')] } });
  const dropped = apply(updated, deployment({}), 'mesh-injector');
  assert.deepEqual(specOf(dropped).template, { spec: { containers: [container('web', 'nginx:2')] } });
});

it('finalizers merge as a set, each applier owning its own entries', () => {
  const live = apply(undefined, deployment({}, { finalizers: ['a.example.com/x'] }), 'one');
  const both = apply(live, deployment({}, { finalizers: ['b.example.com/y'] }), 'two');
  assert.deepEqual(metadataOf(both).finalizers, ['a.example.com/x', 'b.example.com/y']);
  assert.deepEqual(fieldsOf(both, 'two'), ['.metadata.finalizers[="b.example.com/y"]']);
  const [entry] = (metadataOf(both).managedFields as Obj[]).filter((e) => e.manager === 'two');
  assert.deepEqual(entry?.fieldsV1, { 'f:metadata': { 'f:finalizers': { 'v:"b.example.com/y"': {} } } });
  const removed = apply(both, deployment({}), 'one');
  assert.deepEqual(metadataOf(removed).finalizers, ['b.example.com/y']);
});

it('an atomic list is replaced whole and owned whole', () => {
  const live = apply(undefined, deployment(template(container('web', 'nginx:1', { args: ['--a', '--b'] }))), 'kubectl');
  assert.ok(fieldsOf(live, 'kubectl')?.includes(`${CONTAINERS}[name="web"].args`));
  const next = apply(live, deployment(template(container('web', 'nginx:1', { args: ['--c'] }))), 'kubectl');
  assert.deepEqual(specOf(next).template, { spec: { containers: [container('web', 'nginx:1', { args: ['--c'] })] } });
  const error = apiErrorOf(() => apply(next, deployment(template(container('web', 'nginx:1', { args: ['--d'] }))), 'other'));
  assert.equal(error.message, `Apply failed with 1 conflict: conflict with "kubectl": ${CONTAINERS}[name="web"].args`);
});

it('an apply that changes nothing keeps the applier time stamp', () => {
  const live = apply(undefined, webApp(2), 'kubectl');
  const again = apply(live, webApp(2), 'kubectl', { now: T2 });
  assert.deepEqual(owners(again), owners(live));
});

it('an empty struct in an apply is owned as itself', () => {
  const live = apply(undefined, { ...deployment({}), spec: {} }, 'kubectl');
  assert.deepEqual(fieldsOf(live, 'kubectl'), ['.spec']);
});

it('status in an apply to the main resource is merged but owned by nobody', () => {
  const live = apply(undefined, { ...deployment({ replicas: 1 }), status: { replicas: 1 } }, 'kubectl');
  assert.deepEqual(fieldsOf(live, 'kubectl'), ['.spec.replicas']);
});

it('an object nobody managed yet gives its fields to before-first-apply, which then conflict', () => {
  const live = { ...deployment({ replicas: 3 }), metadata: { name: 'web', namespace: 'default', uid: 'u' } };
  const error = apiErrorOf(() => apply(live, deployment({ replicas: 1 }), 'ci'));
  assert.equal(error.message, 'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
  const forced = apply(live, deployment({ replicas: 1 }), 'ci', { force: true, now: T2 });
  assert.deepEqual(
    owners(forced).map((owner) => [owner.manager, owner.operation]),
    [['ci', 'Apply']],
  );
});

it('kubectl server-side apply takes over from client-side apply without conflicts and keeps its annotation current', () => {
  const lastApplied = JSON.stringify(deployment({ replicas: 2 }));
  const annotations = { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied };
  const live = {
    ...deployment({ replicas: 2 }, { annotations, uid: 'u' }),
    metadata: {
      ...metadataOf(deployment({ replicas: 2 }, { annotations, uid: 'u' })),
      managedFields: [
        {
          manager: 'kubectl-client-side-apply',
          operation: 'Update',
          apiVersion: 'apps/v1',
          time: T1,
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:metadata': { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} } }, 'f:spec': { 'f:replicas': {} } },
        },
      ],
    },
  };
  const error = apiErrorOf(() => apply(live, deployment({ replicas: 3 }), 'other'));
  assert.equal(error.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
  const upgraded = apply(live, deployment({ replicas: 3 }), 'kubectl', { now: T2 });
  assert.equal(specOf(upgraded).replicas, 3);
  assert.deepEqual(fieldsOf(upgraded, 'kubectl'), ['.spec.replicas']);
  const annotation = (metadataOf(upgraded).annotations as Obj)['kubectl.kubernetes.io/last-applied-configuration'];
  assert.equal(annotation, '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},"spec":{"replicas":3}}\n');
});

it('an apply without a fieldManager is refused with upstream 422', () => {
  const error = apiErrorOf(() => apply(undefined, webApp(1), ''));
  assert.equal(error.httpCode, 422);
  assert.equal(error.message, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  assert.deepEqual(error.toStatus().details, {
    name: '',
    group: 'meta.k8s.io',
    kind: 'PatchOptions',
    causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
  });
  assert.equal(apiErrorOf(() => apply(undefined, webApp(1), 'x'.repeat(129))).httpCode, 422);
});

it('an applied object of another kind or version is refused with 400', () => {
  const error = apiErrorOf(() => apply(undefined, { ...webApp(1), apiVersion: 'apps/v1beta1' }, 'kubectl'));
  assert.equal(error.httpCode, 400);
  assert.equal(error.message, 'invalid object type: apps/v1beta1, Kind=Deployment');
  assert.equal(apiErrorOf(() => apply(undefined, { ...webApp(1), kind: 'Pod', apiVersion: 'v1' }, 'kubectl')).message, 'invalid object type: /v1, Kind=Pod');
});

it('an applied object carrying managedFields is refused with 400', () => {
  const applied = deployment({ replicas: 1 }, { managedFields: [] });
  const error = apiErrorOf(() => apply(undefined, applied, 'kubectl'));
  assert.equal(error.httpCode, 400);
  assert.equal(error.message, 'metadata.managedFields must be nil');
});

it('an applied object naming another object than the URL is refused with 400', () => {
  const error = apiErrorOf(() => apply(undefined, webApp(1), 'kubectl', { name: 'api', namespace: 'default' }));
  assert.equal(error.message, 'the name of the object (web) does not match the name on the URL (api)');
  const other = apiErrorOf(() => apply(undefined, webApp(1), 'kubectl', { name: 'web', namespace: 'prod' }));
  assert.equal(other.message, 'the namespace of the object (default) does not match the namespace on the request (prod)');
  const nameless = apiErrorOf(() => apply(undefined, { apiVersion: 'apps/v1', kind: 'Deployment', spec: {} }, 'kubectl', { name: 'web' }));
  assert.equal(nameless.message, 'the name of the object (web based on URL) was undeterminable: name must be provided');
});

it('an applied object the schema cannot walk is refused as upstream does', () => {
  const applied = deployment(template(container('web', 'a'), container('web', 'b')));
  const error = apiErrorOf(() => apply(undefined, applied, 'kubectl'));
  assert.equal(error.httpCode, 500);
  assert.equal(
    error.message,
    `failed to create typed patch object (default/web; apps/v1, Kind=Deployment): ${CONTAINERS}: duplicate entries for key [name="web"]`,
  );
});
