import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from './clock.js';
import { WorkQueue } from './work-queue.js';

describe('WorkQueue', () => {
  it('hands out a key added several times only once', async () => {
    const queue = new WorkQueue<string>({ clock: new FakeClock() });
    queue.add('a');
    queue.add('a');
    queue.add('b');
    assert.equal(queue.length, 2);
    assert.equal(await queue.get(), 'a');
    assert.equal(await queue.get(), 'b');
  });

  it('re-queues a key added while it is processed, after done, not before', async () => {
    const queue = new WorkQueue<string>({ clock: new FakeClock() });
    queue.add('a');
    const key = await queue.get();
    queue.add('a');
    assert.equal(queue.length, 0, 'a key in flight is not handed to a second worker');
    queue.done(key ?? '');
    assert.equal(queue.length, 1);
    assert.equal(await queue.get(), 'a');
  });

  it('wakes a waiting worker when a key arrives', async () => {
    const queue = new WorkQueue<string>({ clock: new FakeClock() });
    const waiting = queue.get();
    queue.add('late');
    assert.equal(await waiting, 'late');
  });

  it('delays keys with addAfter and backs off exponentially on addRateLimited', async () => {
    const clock = new FakeClock();
    const queue = new WorkQueue<string>({ clock, baseDelayMs: 10, maxDelayMs: 1000 });
    queue.addAfter('x', 100);
    clock.advance(99);
    assert.equal(queue.length, 0);
    clock.advance(1);
    assert.equal(queue.length, 1);
    const key = (await queue.get()) ?? '';
    queue.done(key);
    queue.addRateLimited('y');
    queue.addRateLimited('y');
    assert.equal(queue.retries('y'), 2);
    clock.advance(10);
    assert.equal(queue.length, 1, 'the earlier of two pending delays wins');
    queue.forget('y');
    assert.equal(queue.retries('y'), 0);
  });

  it('returns undefined to workers once shut down', async () => {
    const queue = new WorkQueue<string>({ clock: new FakeClock() });
    const waiting = queue.get();
    queue.shutDown();
    assert.equal(await waiting, undefined);
    queue.add('ignored');
    assert.equal(queue.length, 0);
  });
});
