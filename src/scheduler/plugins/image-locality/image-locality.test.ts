import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleState } from '../../framework/cycle-state.js';
import { PodInfo } from '../../framework/pod-info.js';
import { makeCluster, makeNode, makePod } from '../../testing/fixtures.js';
import { ImageLocality } from './image-locality.js';

describe('ImageLocality', () => {
  it('favours a node that already has the pod\'s large image', () => {
    const image = { names: ['registry.example/app:1'], sizeBytes: 500 * 1024 * 1024 };
    const cluster = makeCluster([makeNode('has', { images: [image] }), makeNode('lacks')]);
    const plugin = new ImageLocality(cluster.handle);
    const pod = new PodInfo(makePod('p'));
    assert.ok(plugin.score(new CycleState(), pod, cluster.node('has')) > 0);
    assert.equal(plugin.score(new CycleState(), pod, cluster.node('lacks')), 0);
  });
});
