import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../util/clock.js';
import type { ClusterEvent } from '../framework/cluster-event.js';
import { PodInfo } from '../framework/pod-info.js';
import { makePod } from '../testing/fixtures.js';
import { SchedulingQueue } from './scheduling-queue.js';

function setup(): { clock: FakeClock; queue: SchedulingQueue } {
  const clock = new FakeClock();
  const helps: Record<string, readonly ClusterEvent[]> = { NodeResourcesFit: ['NodeAdd', 'AssignedPodDelete'], TaintToleration: ['NodeTaintChange'] };
  const queue = new SchedulingQueue({ clock, mayHelp: (event, plugins) => [...plugins].some((plugin) => helps[plugin]?.includes(event) === true) });
  queue.run();
  return { clock, queue };
}

function popName(queue: SchedulingQueue): string | undefined {
  return queue.tryPop()?.podInfo.pod.metadata.name;
}

/** Pops the pod and hands it back as rejected by `plugins`. */
function failAttempt(queue: SchedulingQueue, plugins: string[]): void {
  const info = queue.tryPop();
  assert.ok(info);
  info.unschedulablePlugins = new Set(plugins);
  queue.addUnschedulable(info, queue.schedulingCycle);
}

describe('the scheduling queue', () => {
  it('pops higher priority first, then the pod queued earlier', () => {
    const { clock, queue } = setup();
    queue.add(new PodInfo(makePod('low-early', { priority: 0 })));
    clock.advance(10);
    queue.add(new PodInfo(makePod('high', { priority: 100 })));
    clock.advance(10);
    queue.add(new PodInfo(makePod('low-late', { priority: 0 })));
    assert.deepEqual([popName(queue), popName(queue), popName(queue), popName(queue)], ['high', 'low-early', 'low-late', undefined]);
    queue.close();
  });

  it('parks an unschedulable pod until an event that may help, then backs it off 1 s, 2 s, 4 s ... up to 10 s', () => {
    const { clock, queue } = setup();
    queue.add(new PodInfo(makePod('big')));
    const backoffs: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      failAttempt(queue, ['NodeResourcesFit']);
      queue.moveAllToActiveOrBackoff('NodeTaintChange');
      assert.deepEqual(queue.lengths, { active: 0, backoff: 0, unschedulable: 1 }, 'an unrelated event leaves it parked');
      queue.moveAllToActiveOrBackoff('NodeAdd');
      assert.equal(queue.lengths.backoff, 1, 'a helpful event moves it to backoff while its backoff runs');
      let waited = 0;
      while (queue.lengths.active === 0) {
        clock.advance(1000);
        waited += 1000;
      }
      backoffs.push(waited);
    }
    assert.deepEqual(backoffs, [1000, 2000, 4000, 8000, 10_000, 10_000]);
    queue.close();
  });

  it('gives every parked pod another try after 5 minutes without events', () => {
    const { clock, queue } = setup();
    queue.add(new PodInfo(makePod('forgotten')));
    failAttempt(queue, ['NodeResourcesFit']);
    clock.advance(4 * 60_000);
    assert.equal(queue.lengths.unschedulable, 1);
    clock.advance(61_000);
    assert.equal(popName(queue), 'forgotten');
    queue.close();
  });

  it('sends a pod to backoff, not to the parked pods, when a move request came during its attempt', () => {
    const { clock, queue } = setup();
    queue.add(new PodInfo(makePod('raced')));
    const info = queue.tryPop();
    assert.ok(info);
    queue.moveAllToActiveOrBackoff('NodeAdd');
    info.unschedulablePlugins = new Set(['NodeResourcesFit']);
    queue.addUnschedulable(info, queue.schedulingCycle);
    assert.deepEqual(queue.lengths, { active: 0, backoff: 1, unschedulable: 0 });
    clock.advance(1000);
    assert.equal(popName(queue), 'raced');
    queue.close();
  });

  it('drops a pod deleted while it was being scheduled', () => {
    const { queue } = setup();
    queue.add(new PodInfo(makePod('gone')));
    const info = queue.tryPop();
    assert.ok(info);
    queue.delete(info.podInfo.key);
    queue.addUnschedulable(info, queue.schedulingCycle);
    assert.deepEqual(queue.lengths, { active: 0, backoff: 0, unschedulable: 0 });
    queue.close();
  });

  it('wakes a waiting pop when a pod arrives', async () => {
    const { queue } = setup();
    const next = queue.pop();
    queue.add(new PodInfo(makePod('arrives')));
    assert.equal((await next)?.podInfo.pod.metadata.name, 'arrives');
    queue.close();
    assert.equal(await queue.pop(), undefined);
  });
});
