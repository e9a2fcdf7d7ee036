import assert from 'node:assert/strict';
import { it } from 'node:test';
import { findResource } from '../../api/resources.js';
import { patchSchemaOf } from './patch-schema.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';

it('patch schema of a deployment merges containers by name and their env by name', () => {
  const info = findResource('apps', 'v1', 'deployments');
  assert.ok(info !== undefined);
  const schema = patchSchemaOf(info);
  const containers = schema?.property('spec')?.schema?.property('template')?.schema?.property('spec')?.schema?.property('containers');
  assert.ok(containers !== undefined);
  assert.equal(containers.mergeKey, 'name');
  assert.ok(containers.strategy.includes('merge'));
  const deployment = {
    spec: {
      replicas: 1,
      template: {
        spec: {
          containers: [
            { name: 'web', image: 'nginx:1', env: [{ name: 'A', value: '1' }] },
            { name: 'log', image: 'fluentbit:1' },
          ],
        },
      },
    },
  };
  const patched = applyStrategicMergePatch(
    deployment,
    { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2', env: [{ name: 'B', value: '2' }] }] } } } },
    schema,
  );
  assert.deepEqual(patched, {
    spec: {
      replicas: 1,
      template: {
        spec: {
          containers: [
            { name: 'web', image: 'nginx:2', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
            { name: 'log', image: 'fluentbit:1' },
          ],
        },
      },
    },
  });
});
