import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../util/clock.js';
import { goDuration, RestartBackoff } from './restart-backoff.js';

describe('RestartBackoff', () => {
  it('restarts at once the first time, then waits 10 s, 20 s, 40 s ... up to 5 minutes after each exit', () => {
    const clock = new FakeClock();
    const backoff = new RestartBackoff({ clock });
    assert.equal(backoff.remainingSince('c', clock.now()), 0);
    backoff.next('c', clock.now());
    const delays: number[] = [];
    for (let exit = 0; exit < 7; exit += 1) {
      const finishedAt = clock.now();
      delays.push(backoff.remainingSince('c', finishedAt));
      clock.advance(backoff.remainingSince('c', finishedAt));
      assert.equal(backoff.remainingSince('c', finishedAt), 0);
      backoff.next('c', finishedAt);
    }
    assert.deepEqual(delays.map(goDuration), ['10s', '20s', '40s', '1m20s', '2m40s', '5m0s', '5m0s']);
  });

  it('starts over for a container that ran more than 10 minutes before it exited', () => {
    const clock = new FakeClock();
    const backoff = new RestartBackoff({ clock });
    backoff.next('c', clock.now());
    backoff.next('c', clock.now());
    assert.equal(backoff.delay('c'), 20_000);
    clock.advance(11 * 60_000);
    assert.equal(backoff.remainingSince('c', clock.now()), 0);
    backoff.next('c', clock.now());
    assert.equal(backoff.delay('c'), 10_000);
  });
});
