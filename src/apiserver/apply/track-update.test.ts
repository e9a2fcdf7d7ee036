import assert from 'node:assert/strict';
import { it } from 'node:test';
import { trackUpdate } from './server-side-apply.js';
import type { Obj } from './testdata/apply-fixtures.js';
import { DEPLOYMENT, T1, T2, T3, apiErrorOf, apply, container, deployment, fieldsOf, metadataOf, owners, specOf, stored, template } from './testdata/apply-fixtures.js';

const CONTAINERS = '.spec.template.spec.containers';

function update(old: Obj | undefined, next: Obj, manager: string, now = T2, subresource?: string): Obj {
  return stored(trackUpdate({ ...DEPLOYMENT, old, next, manager, now, ...(subresource === undefined ? {} : { subresource }) }));
}

function withSpec(object: Obj, spec: Obj): Obj {
  return { ...object, spec: { ...specOf(object), ...spec } };
}

it('create makes the creator own every field it set, marking new maps and items as upstream', () => {
  const created = update(
    undefined,
    deployment(
      {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } },
        ...template(container('web', 'nginx:1', { ports: [{ containerPort: 80, protocol: 'TCP' }] })),
      },
      { labels: { app: 'web' } },
    ),
    'kubectl-create',
    T1,
  );
  const [entry] = metadataOf(created).managedFields as Obj[];
  assert.deepEqual(entry, {
    manager: 'kubectl-create',
    operation: 'Update',
    apiVersion: 'apps/v1',
    time: T1,
    fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {} }, 'f:type': {} },
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"web"}': {
                '.': {},
                'f:image': {},
                'f:name': {},
                'f:ports': { '.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} } },
              },
            },
          },
        },
      },
    },
  });
});

it('a scale-like update gives the updater spec.replicas, taken from the applier', () => {
  const live = apply(undefined, deployment({ replicas: 2, ...template(container('web', 'nginx:1')) }), 'kubectl');
  const scaled = update(live, withSpec(live, { replicas: 5 }), 'kubectl-scale', T2, 'scale');
  assert.deepEqual(owners(scaled).at(-1), { manager: 'kubectl-scale', operation: 'Update', time: T2, subresource: 'scale', fields: ['.spec.replicas'] });
  assert.equal(fieldsOf(scaled, 'kubectl')?.includes('.spec.replicas'), false);
});

it('a later apply of spec.replicas by another manager conflicts with the updater', () => {
  const live = apply(undefined, deployment({ replicas: 2 }), 'kubectl');
  const scaled = update(live, withSpec(live, { replicas: 5 }), 'kubectl-scale');
  const error = apiErrorOf(() => apply(scaled, deployment({ replicas: 3 }), 'ci'));
  assert.equal(error.httpCode, 409);
  assert.equal(error.message, 'Apply failed with 1 conflict: conflict with "kubectl-scale" using apps/v1: .spec.replicas');
  assert.deepEqual(error.toStatus().details?.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-scale" using apps/v1', field: '.spec.replicas' }]);
});

it('an update removing fields takes them from every manager and drops entries left empty', () => {
  const live = apply(undefined, deployment({ replicas: 2 }, { labels: { app: 'web' } }), 'kubectl');
  const labelled = apply(live, deployment({}, { labels: { team: 'a' } }), 'labeller', { now: T2 });
  const edited = update(labelled, { ...labelled, metadata: { ...metadataOf(labelled), labels: { app: 'web' } } }, 'kubectl-edit', T3);
  assert.deepEqual(
    owners(edited).map((owner) => owner.manager),
    ['kubectl'],
  );
});

it('an update that changes nothing leaves managedFields as they were', () => {
  const live = apply(undefined, deployment({ replicas: 2 }), 'kubectl');
  const same = update(live, { ...live }, 'kubectl-edit', T3);
  assert.deepEqual(metadataOf(same).managedFields, metadataOf(live).managedFields);
});

it('repeated updates by one manager accumulate in its entry, stamped with the latest time', () => {
  const live = apply(undefined, deployment({ replicas: 2 }), 'kubectl');
  const first = update(live, withSpec(live, { paused: true }), 'kubectl-edit', T2);
  const second = update(first, withSpec(first, { minReadySeconds: 5 }), 'kubectl-edit', T3);
  assert.deepEqual(owners(second).at(-1), { manager: 'kubectl-edit', operation: 'Update', time: T3, fields: ['.spec.minReadySeconds', '.spec.paused'] });
});

it('status written through the main resource is not tracked, through /status it is', () => {
  const live = apply(undefined, deployment({ replicas: 2 }), 'kubectl');
  const main = update(live, { ...live, status: { replicas: 2 } }, 'someone');
  assert.equal(fieldsOf(main, 'someone'), undefined);
  const status = update(live, { ...live, status: { replicas: 2 } }, 'kube-controller-manager', T2, 'status');
  assert.deepEqual(owners(status).at(-1), { manager: 'kube-controller-manager', operation: 'Update', time: T2, subresource: 'status', fields: ['.status.replicas'] });
});

it('managedFields written with the object replace the stored ones, and [{}] clears them', () => {
  const live = apply(undefined, deployment({ replicas: 2 }), 'kubectl');
  const replaced = [{ manager: 'mine', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }];
  const rewritten = update(live, { ...live, metadata: { ...metadataOf(live), managedFields: replaced } }, 'kubectl-edit');
  assert.deepEqual(metadataOf(rewritten).managedFields, replaced);
  const cleared = update(live, { ...live, metadata: { ...metadataOf(live), managedFields: [{}] } }, 'kubectl-edit');
  assert.equal(Object.hasOwn(metadataOf(cleared), 'managedFields'), false);
});

it('managedFields written through a subresource are ignored', () => {
  const live = apply(undefined, deployment({ replicas: 2 }), 'kubectl');
  const written = { ...live, metadata: { ...metadataOf(live), managedFields: [{}] }, status: { replicas: 1 } };
  const result = update(live, written, 'controller', T2, 'status');
  assert.deepEqual(
    owners(result).map((owner) => owner.manager),
    ['kubectl', 'controller'],
  );
});

it('an object that has no managedFields stays untracked by updates', () => {
  const live = stored(deployment({ replicas: 2 }));
  const next = update(live, withSpec(live, { replicas: 3 }), 'kubectl-edit');
  assert.equal(Object.hasOwn(metadataOf(next), 'managedFields'), false);
});

it('more than ten update managers are folded, oldest first, into ancient-changes', () => {
  let object = apply(undefined, deployment({ replicas: 1 }), 'kubectl');
  for (let i = 0; i < 12; i++) {
    const time = `2024-05-02T00:00:${String(i).padStart(2, '0')}Z`;
    object = update(object, { ...object, metadata: { ...metadataOf(object), labels: { ...(metadataOf(object).labels as Obj | undefined), [`l${i}`]: 'x' } } }, `updater-${i}`, time);
  }
  const managers = owners(object).map((owner) => owner.manager);
  assert.equal(managers.length, 11);
  assert.deepEqual(managers.slice(0, 2), ['kubectl', 'ancient-changes']);
  assert.deepEqual(fieldsOf(object, 'ancient-changes'), ['.metadata.labels', '.metadata.labels.l0', '.metadata.labels.l1', '.metadata.labels.l2']);
  assert.equal(owners(object)[1]?.time, '2024-05-02T00:00:02Z');
});

it('an update the schema cannot walk keeps the stored managedFields', () => {
  const live = apply(undefined, deployment(template(container('web', 'nginx:1'))), 'kubectl');
  const broken = withSpec(live, { template: { spec: { containers: 'oops' } } });
  assert.deepEqual(metadataOf(update(live, broken, 'kubectl-edit')).managedFields, metadataOf(live).managedFields);
});

it('an update to a container field moves that field to the updater only', () => {
  const live = apply(undefined, deployment(template(container('web', 'nginx:1'))), 'kubectl');
  const edited = update(live, withSpec(live, template(container('web', 'nginx:2'))), 'kubectl-set');
  assert.deepEqual(fieldsOf(edited, 'kubectl-set'), [`${CONTAINERS}[name="web"].image`]);
  assert.deepEqual(fieldsOf(edited, 'kubectl'), [`${CONTAINERS}[name="web"]`, `${CONTAINERS}[name="web"].name`]);
});
