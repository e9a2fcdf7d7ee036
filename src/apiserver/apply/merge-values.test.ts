import assert from 'node:assert/strict';
import { it } from 'node:test';
import { compareValues } from './compare-values.js';
import { FieldSet } from './field-set.js';
import { mergeValues } from './merge-values.js';
import { keyElement, pathOf, pathString } from './path-element.js';
import { removeItems } from './remove-items.js';
import { schemaOf } from './schema-walker.js';
import { toFieldSet } from './to-field-set.js';
import { typeErrors } from './typed-value.js';

const pod = schemaOf('', 'v1', 'Pod');

function podWith(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...metadata }, spec };
}

function names(value: unknown): unknown {
  const spec = (value as { spec: { containers: { name: string }[] } }).spec;
  return spec.containers.map((container) => container.name);
}

function strings(set: FieldSet): string[] {
  return set.paths().map(pathString);
}

const containers = (...list: string[]): { name: string; image: string }[] => list.map((name) => ({ name, image: `${name}:1` }));

it('merge keeps live-only list-map items where they were and appends new ones', () => {
  const merged = mergeValues(podWith({ containers: containers('a', 'b') }), podWith({ containers: containers('c') }), pod);
  assert.deepEqual(names(merged), ['a', 'b', 'c']);
});

it('merge orders shared list-map items as the configuration does, as upstream', () => {
  assert.deepEqual(names(mergeValues(podWith({ containers: containers('a', 'b', 'c') }), podWith({ containers: containers('c', 'a') }), pod)), ['b', 'c', 'a']);
  assert.deepEqual(names(mergeValues(podWith({ containers: containers('a', 'b') }), podWith({ containers: containers('b', 'x', 'a') }), pod)), ['b', 'x', 'a']);
});

it('merge merges a list-map item field by field', () => {
  const live = podWith({ containers: [{ name: 'a', image: 'a:1', args: ['x', 'y'] }] });
  const merged = mergeValues(live, podWith({ containers: [{ name: 'a', image: 'a:2', args: ['z'] }] }), pod);
  assert.deepEqual((merged as { spec: unknown }).spec, { containers: [{ name: 'a', image: 'a:2', args: ['z'] }] });
});

it('merge unions sets by value and replaces atomic maps whole', () => {
  const live = podWith({ nodeSelector: { disk: 'ssd', zone: 'a' } }, { finalizers: ['a', 'b'], labels: { app: 'x', tier: 'web' } });
  const config = podWith({ nodeSelector: { zone: 'b' } }, { finalizers: ['c', 'a'], labels: { app: 'y' } });
  const merged = mergeValues(live, config, pod) as { metadata: unknown; spec: unknown };
  assert.deepEqual(merged.metadata, { name: 'p', finalizers: ['c', 'a', 'b'], labels: { app: 'y', tier: 'web' } });
  assert.deepEqual(merged.spec, { nodeSelector: { zone: 'b' } });
});

it('field set of a configuration owns leaves, list items and map entries, not struct fields', () => {
  const config = podWith({ containers: [{ name: 'a', image: 'a:1', ports: [{ containerPort: 80 }], args: ['x'] }], nodeSelector: { zone: 'b' } }, { labels: { app: 'x' }, finalizers: ['f'] });
  assert.deepEqual(strings(toFieldSet(config, pod)), [
    '.apiVersion',
    '.kind',
    '.metadata.name',
    '.metadata.finalizers[="f"]',
    '.metadata.labels.app',
    '.spec.nodeSelector',
    '.spec.containers[name="a"]',
    '.spec.containers[name="a"].args',
    '.spec.containers[name="a"].image',
    '.spec.containers[name="a"].name',
    '.spec.containers[name="a"].ports[containerPort=80,protocol="TCP"]',
    '.spec.containers[name="a"].ports[containerPort=80,protocol="TCP"].containerPort',
  ]);
});

it('compare reports new maps and list items themselves as added, as well as their leaves', () => {
  const before = podWith({ containers: containers('a') });
  const after = podWith({ containers: [...containers('a', 'b')], nodeSelector: { zone: 'a' } }, { labels: { app: 'x' } });
  const { added, modified, removed } = compareValues(before, after, pod);
  assert.deepEqual(strings(added), [
    '.metadata.labels',
    '.metadata.labels.app',
    '.spec.nodeSelector',
    '.spec.containers[name="b"]',
    '.spec.containers[name="b"].image',
    '.spec.containers[name="b"].name',
  ]);
  assert.equal(modified.isEmpty(), true);
  assert.equal(removed.isEmpty(), true);
});

it('compare reports changed leaves as modified and vanished ones as removed', () => {
  const before = podWith({ containers: [{ name: 'a', image: 'a:1', args: ['x'] }], hostname: 'h' });
  const after = podWith({ containers: [{ name: 'a', image: 'a:2', args: ['x'] }] });
  const { added, modified, removed } = compareValues(before, after, pod);
  assert.equal(added.isEmpty(), true);
  assert.deepEqual(strings(modified), ['.spec.containers[name="a"].image']);
  assert.deepEqual(strings(removed), ['.spec.hostname']);
});

it('remove items drops members whole and leaves emptied maps as null', () => {
  const value = podWith({ containers: containers('a', 'b') }, { labels: { app: 'x' } });
  const set = FieldSet.of([...pathOf('spec', 'containers'), keyElement([['name', 'b']])], pathOf('metadata', 'labels', 'app'));
  assert.deepEqual(removeItems(value, set, pod), { ...value, spec: { containers: [{ name: 'a', image: 'a:1' }] }, metadata: { name: 'p', labels: null } });
});

it('type errors name list items without their key and duplicate keys in a configuration', () => {
  const config = podWith({ containers: [{ name: 'a' }, { name: 'a' }, { image: 'x' }] }, { finalizers: ['a', { b: 1 }] });
  assert.deepEqual(typeErrors(config, pod, false), [
    '.metadata.finalizers: element 1: associative list without keys has an element that\'s a map type',
    '.spec.containers: duplicate entries for key [name="a"]',
  ]);
  assert.deepEqual(typeErrors(podWith({ containers: [{ name: 'a' }, { name: 'a' }] }), pod, true), []);
  assert.deepEqual(typeErrors(podWith({ containers: 'web' }), pod, true), ['.spec.containers: expected list, got scalar "web"']);
});
