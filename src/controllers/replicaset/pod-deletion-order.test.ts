import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../api/kinds.js';
import { podsToDelete } from './pod-deletion-order.js';

const NOW = Date.UTC(2026, 0, 1, 12);
const minutesAgo = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');

function pod(name: string, options: { node?: string; phase?: 'Pending' | 'Unknown' | 'Running'; ready?: boolean; readyMinutesAgo?: number; restarts?: number; createdMinutesAgo?: number; cost?: number } = {}): Pod {
  const { node = 'node-1', phase = 'Running', ready = true, readyMinutesAgo = 60, restarts = 0, createdMinutesAgo = 120, cost } = options;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      uid: `uid-${name}`,
      creationTimestamp: minutesAgo(createdMinutesAgo),
      ...(cost === undefined ? {} : { annotations: { 'controller.kubernetes.io/pod-deletion-cost': String(cost) } }),
    },
    spec: { containers: [{ name: 'main' }], ...(node === '' ? {} : { nodeName: node }) },
    status: {
      phase,
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: minutesAgo(readyMinutesAgo) }],
      containerStatuses: [{ name: 'main', image: 'x', imageID: '', ready, restartCount: restarts }],
    },
  };
}

const firstDeleted = (pods: Pod[]) => podsToDelete(pods, pods, 1, NOW)[0]?.metadata.name;

describe('which pods a ReplicaSet deletes first', () => {
  it('deletes an unscheduled pod before a scheduled one', () => {
    assert.equal(firstDeleted([pod('scheduled'), pod('unscheduled', { node: '' })]), 'unscheduled');
  });

  it('deletes Pending before Unknown before Running', () => {
    assert.equal(firstDeleted([pod('running'), pod('unknown', { phase: 'Unknown' }), pod('pending', { phase: 'Pending' })]), 'pending');
    assert.equal(firstDeleted([pod('running'), pod('unknown', { phase: 'Unknown' })]), 'unknown');
  });

  it('deletes a pod that is not ready before a ready one', () => {
    assert.equal(firstDeleted([pod('ready'), pod('not-ready', { ready: false })]), 'not-ready');
  });

  it('deletes the pod with the lower deletion cost first', () => {
    assert.equal(firstDeleted([pod('cheap', { cost: -10 }), pod('default'), pod('dear', { cost: 10 })]), 'cheap');
  });

  it('deletes a pod on a node crowded with related pods first', () => {
    const pods = [pod('alone', { node: 'node-1' }), pod('crowded', { node: 'node-2' })];
    const related = [...pods, pod('sibling', { node: 'node-2' })];
    assert.equal(podsToDelete(pods, related, 1, NOW)[0]?.metadata.name, 'crowded');
  });

  it('deletes the pod ready for less time first, comparing times on a log scale', () => {
    assert.equal(firstDeleted([pod('long', { readyMinutesAgo: 600 }), pod('short', { readyMinutesAgo: 1 })]), 'short');
  });

  it('deletes the pod with more restarts first', () => {
    assert.equal(firstDeleted([pod('steady'), pod('crashy', { restarts: 4 })]), 'crashy');
  });

  it('deletes the newer pod first', () => {
    assert.equal(firstDeleted([pod('old', { createdMinutesAgo: 600 }), pod('new', { createdMinutesAgo: 2 })]), 'new');
  });

  it('returns every pod when asked for as many as there are', () => {
    assert.equal(podsToDelete([pod('a'), pod('b')], [], 5, NOW).length, 2);
  });
});
