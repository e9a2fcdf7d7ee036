import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../api/kinds.js';
import { nodeInternalIp, nodePodCidr } from './node-addresses.js';
import { FAIL_ANNOTATION, RUN_FOR_ANNOTATION, podBehaviour } from './pod-behaviour.js';
import { PodIpPool } from './pod-ip-pool.js';
import { simulatedPodStatus } from './simulated-pod-status.js';

const start = Date.parse('2026-01-01T00:00:00Z');
const placement = { hostIp: '172.16.0.2', podIp: '10.42.0.2' };
const defaults = { completeAfterMs: 1000, crashFraction: 0 };

function pod(restartPolicy: 'Always' | 'OnFailure' | 'Never', annotations: Record<string, string> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', uid: 'u', annotations }, spec: { restartPolicy, containers: [{ name: 'c', image: 'busybox' }] } };
}

function at(subject: Pod, now: number) {
  return simulatedPodStatus(subject, podBehaviour(subject, defaults), placement, now, start);
}

describe('simulated pods', () => {
  it('run at once, Ready with the node\'s IPs, and services keep running', () => {
    const { status, changesAt } = at(pod('Always'), start);
    assert.equal(status.phase, 'Running');
    assert.deepEqual([status.podIP, status.hostIP, status.startTime], ['10.42.0.2', '172.16.0.2', '2026-01-01T00:00:00Z']);
    assert.ok(status.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True'));
    assert.equal(changesAt, undefined);
  });

  it('complete run-to-completion pods after the configured time', () => {
    assert.equal(at(pod('Never'), start).changesAt, start + 1000);
    const done = at(pod('OnFailure'), start + 1000).status;
    assert.equal(done.phase, 'Succeeded');
    assert.equal(done.containerStatuses?.[0]?.state?.terminated?.reason, 'Completed');
  });

  it('fail with the exit code asked for, or crash-loop when the pod restarts', () => {
    const failed = at(pod('Never', { [FAIL_ANNOTATION]: '7', [RUN_FOR_ANNOTATION]: '2s' }), start + 2000).status;
    assert.deepEqual([failed.phase, failed.containerStatuses?.[0]?.state?.terminated?.exitCode], ['Failed', 7]);
    const looping = at(pod('Always', { [FAIL_ANNOTATION]: '1' }), start).status;
    assert.deepEqual([looping.phase, looping.containerStatuses?.[0]?.state?.waiting?.reason, looping.containerStatuses?.[0]?.restartCount], ['Running', 'CrashLoopBackOff', 1]);
  });

  it('crash a stable fraction of pods', () => {
    assert.equal(podBehaviour(pod('Always'), { completeAfterMs: 0, crashFraction: 1 }).exitCode, 1);
    assert.equal(podBehaviour(pod('Always'), { completeAfterMs: 0, crashFraction: 0 }).exitCode, 0);
  });

  it('give each node its own /24 and each pod a free address of it', () => {
    assert.deepEqual([nodePodCidr(0), nodePodCidr(255), nodePodCidr(256), nodePodCidr(4999)], ['10.42.0.0/24', '10.42.255.0/24', '10.44.0.0/24', '10.62.135.0/24']);
    assert.equal(nodeInternalIp(300), '172.16.1.46');
    const pool = new PodIpPool('10.42.7.0/24');
    assert.deepEqual([pool.allocate('a'), pool.allocate('b'), pool.allocate('a')], ['10.42.7.2', '10.42.7.3', '10.42.7.2']);
    pool.release('a');
    assert.equal(pool.allocate('c'), '10.42.7.2');
    assert.equal(pool.allocate('d', '10.42.7.9'), '10.42.7.9');
  });
});
