import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { allPatchMeta, atomicStructs, patchMetaOf, structMapTypeOf } from './patch-extensions.js';

const CORE = 'io.k8s.api.core.v1';
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

describe('patchMetaOf', () => {
  it('merges the lists kubectl merges by key', () => {
    const cases: [string, string, string, string[]][] = [
      [`${CORE}.PodSpec`, 'containers', 'name', ['name']],
      [`${CORE}.PodSpec`, 'initContainers', 'name', ['name']],
      [`${CORE}.PodSpec`, 'ephemeralContainers', 'name', ['name']],
      [`${CORE}.PodSpec`, 'volumes', 'name', ['name']],
      [`${CORE}.PodSpec`, 'imagePullSecrets', 'name', ['name']],
      [`${CORE}.PodSpec`, 'hostAliases', 'ip', ['ip']],
      [`${CORE}.PodSpec`, 'topologySpreadConstraints', 'topologyKey', ['topologyKey', 'whenUnsatisfiable']],
      [`${CORE}.Container`, 'ports', 'containerPort', ['containerPort', 'protocol']],
      [`${CORE}.Container`, 'env', 'name', ['name']],
      [`${CORE}.Container`, 'volumeMounts', 'mountPath', ['mountPath']],
      [`${CORE}.EphemeralContainer`, 'volumeMounts', 'mountPath', ['mountPath']],
      [`${CORE}.ServiceSpec`, 'ports', 'port', ['port', 'protocol']],
      [`${CORE}.PodStatus`, 'conditions', 'type', ['type']],
      ['io.k8s.api.apps.v1.DeploymentStatus', 'conditions', 'type', ['type']],
      [`${META}.ObjectMeta`, 'ownerReferences', 'uid', ['uid']],
    ];
    for (const [schema, property, mergeKey, listMapKeys] of cases) {
      const meta = patchMetaOf(schema, property);
      assert.equal(meta?.mergeKey, mergeKey, `${schema}.${property}`);
      assert.match(meta.strategy ?? '', /^merge/);
      assert.equal(meta.listType, 'map');
      assert.deepEqual(meta.listMapKeys, listMapKeys);
    }
  });

  it('knows the lists and structs that are not merged by key', () => {
    assert.deepEqual(patchMetaOf(`${META}.ObjectMeta`, 'finalizers'), { strategy: 'merge', listType: 'set' });
    assert.deepEqual(patchMetaOf(`${CORE}.PodSpec`, 'tolerations'), { listType: 'atomic' });
    assert.deepEqual(patchMetaOf('io.k8s.api.apps.v1.DeploymentSpec', 'strategy'), { strategy: 'retainKeys' });
    assert.equal(patchMetaOf('io.k8s.api.batch.v1.JobStatus', 'conditions')?.listType, 'atomic');
    assert.equal(structMapTypeOf(`${META}.LabelSelector`), 'atomic');
    assert.equal(structMapTypeOf(`${CORE}.PodSpec`), undefined);
  });

  it('answers undefined for fields without metadata and for unknown names', () => {
    assert.equal(patchMetaOf(`${CORE}.PodSpec`, 'nodeName'), undefined);
    assert.equal(patchMetaOf(`${CORE}.PodSpec`, 'constructor'), undefined);
    assert.equal(patchMetaOf('io.example.v1.Thing', 'items'), undefined);
  });

  it('is what the generated schemas carry', () => {
    const parsed: unknown = JSON.parse(readFileSync(new URL('./generated/schemas.json', import.meta.url), 'utf8'));
    assert.ok(typeof parsed === 'object' && parsed !== null);
    const schemas = new Map(Object.entries(parsed));
    const propertyOf = (schemaName: string, property: string): Record<string, unknown> => {
      const schema: unknown = schemas.get(schemaName);
      const properties: unknown = typeof schema === 'object' && schema !== null && 'properties' in schema ? schema.properties : undefined;
      const value: unknown = typeof properties === 'object' && properties !== null ? new Map(Object.entries(properties)).get(property) : undefined;
      assert.ok(typeof value === 'object' && value !== null, `${schemaName}.${property} is not generated`);
      return Object.fromEntries(Object.entries(value));
    };
    for (const { schemaName, property, meta } of allPatchMeta()) {
      const generated = propertyOf(schemaName, property);
      assert.equal(generated['x-kubernetes-patch-strategy'], meta.strategy, `${schemaName}.${property}`);
      assert.equal(generated['x-kubernetes-patch-merge-key'], meta.mergeKey, `${schemaName}.${property}`);
      assert.equal(generated['x-kubernetes-list-type'], meta.listType, `${schemaName}.${property}`);
      assert.deepEqual(generated['x-kubernetes-list-map-keys'], meta.listMapKeys, `${schemaName}.${property}`);
      assert.equal(generated['x-kubernetes-map-type'], meta.mapType, `${schemaName}.${property}`);
    }
    for (const name of atomicStructs()) {
      const schema: unknown = schemas.get(name);
      assert.ok(typeof schema === 'object' && schema !== null && 'x-kubernetes-map-type' in schema && schema['x-kubernetes-map-type'] === 'atomic', name);
    }
  });
});
