import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ControllerRevision } from '../../api/kinds.js';
import { ControllerRevisions } from './controller-revisions.js';
import { revisionHash } from './revision-hash.js';

const owner = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default', uid: 'u1' } };
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'nginx' }] } };

function revision(number: number, image: string): ControllerRevision {
  const data = ControllerRevisions.templatePatch({ ...template, spec: { containers: [{ name: 'main', image }] } });
  return ControllerRevisions.create({ owner, templateLabels: { app: 'web' }, data, revision: number });
}

describe('ControllerRevision history helpers', () => {
  it('stores the template as a replacing patch, named and labelled by its hash', () => {
    const created = ControllerRevisions.create({ owner, templateLabels: { app: 'web' }, data: ControllerRevisions.templatePatch(template), revision: 1 });
    const hash = ControllerRevisions.hashOf(created);
    assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
    assert.equal(created.metadata.name, `web-${hash}`);
    assert.deepEqual(created.metadata.labels, { app: 'web', 'controller-revision-hash': hash });
    assert.equal((created.data as { spec: { template: { $patch: string } } }).spec.template.$patch, 'replace');
    assert.deepEqual(ControllerRevisions.templateOf(created), template);
    assert.equal(created.metadata.ownerReferences?.[0]?.controller, true);
  });

  it('hashes equal data equally whatever the key order, and differently after a collision', () => {
    assert.equal(revisionHash({ a: 1, b: [1, 2] }), revisionHash({ b: [1, 2], a: 1 }));
    assert.notEqual(revisionHash({ a: 1 }), revisionHash({ a: 1 }, 1));
  });

  it('prunes the oldest revisions beyond the limit that nothing still uses', () => {
    const revisions = [revision(3, 'c'), revision(1, 'a'), revision(2, 'b'), revision(4, 'd')];
    assert.equal(ControllerRevisions.nextNumber(revisions), 5);
    const live = new Set([revisions[1]?.metadata.name ?? '', revisions[3]?.metadata.name ?? '']);
    assert.deepEqual(
      ControllerRevisions.toPrune(revisions, live, 1).map((each) => each.revision),
      [2],
    );
  });
});
