import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PatchField, PatchSchema } from './strategic-merge-patch.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';

function schemaOf(fields: Record<string, Partial<PatchField>>): PatchSchema {
  return {
    property: (name) => {
      const field = fields[name];
      return field === undefined ? undefined : { schema: field.schema, strategy: field.strategy ?? [], mergeKey: field.mergeKey };
    },
  };
}

const container = schemaOf({ env: { strategy: ['merge'], mergeKey: 'name' }, ports: { strategy: ['merge'], mergeKey: 'containerPort' } });
const podSpec = schemaOf({
  containers: { strategy: ['merge'], mergeKey: 'name', schema: container },
  finalizers: { strategy: ['merge'] },
  args: {},
});

describe('strategic merge patch', () => {
  const original = {
    containers: [
      { name: 'web', image: 'nginx:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
      { name: 'sidecar', image: 'envoy:1' },
    ],
    finalizers: ['a'],
    args: ['x', 'y'],
  };

  it('merges list items by their merge key and keeps the others', () => {
    const patched = applyStrategicMergePatch(original, { containers: [{ name: 'web', image: 'nginx:2', env: [{ name: 'B', value: '3' }] }] }, podSpec);
    assert.deepEqual(patched, {
      ...original,
      containers: [
        { name: 'web', image: 'nginx:2', env: [{ name: 'A', value: '1' }, { name: 'B', value: '3' }] },
        { name: 'sidecar', image: 'envoy:1' },
      ],
    });
  });

  it('deletes a list item with $patch: delete and a field with null', () => {
    const patched = applyStrategicMergePatch(original, { containers: [{ name: 'sidecar', $patch: 'delete' }, { name: 'web', env: null }] }, podSpec);
    assert.deepEqual(patched, { ...original, containers: [{ name: 'web', image: 'nginx:1' }] });
  });

  it('replaces lists without a merge strategy and unions primitive merge lists', () => {
    const patched = applyStrategicMergePatch(original, { args: ['z'], finalizers: ['b', 'a'] }, podSpec);
    assert.deepEqual(patched, { ...original, args: ['z'], finalizers: ['a', 'b'] });
  });

  it('honours $deleteFromPrimitiveList, $setElementOrder and a list-level $patch: replace', () => {
    const removed = applyStrategicMergePatch(original, { '$deleteFromPrimitiveList/finalizers': ['a'] }, podSpec);
    assert.deepEqual(removed, { ...original, finalizers: [] });
    const reordered = applyStrategicMergePatch(original, { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }] }, podSpec) as typeof original;
    assert.deepEqual(reordered.containers.map((c) => c.name), ['sidecar', 'web']);
    const replaced = applyStrategicMergePatch(original, { containers: [{ $patch: 'replace' }, { name: 'only', image: 'busybox' }] }, podSpec);
    assert.deepEqual(replaced, { ...original, containers: [{ name: 'only', image: 'busybox' }] });
  });

  it('refuses a merge-key list item that lacks its key', () => {
    assert.throws(() => applyStrategicMergePatch(original, { containers: [{ image: 'x' }] }, podSpec), /does not contain declared merge key: name/);
  });
});
