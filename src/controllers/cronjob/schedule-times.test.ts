import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CronSchedule } from '../../api/cron-schedule.js';
import { mostRecentSchedule } from './schedule-times.js';

const at = (iso: string) => Date.parse(iso);
const everyMinute = CronSchedule.parse('* * * * *');

describe('most recent schedule time', () => {
  it('is none before the first start time after the earliest time', () => {
    assert.deepEqual(mostRecentSchedule(everyMinute, { earliest: at('2026-01-01T10:00:10Z'), now: at('2026-01-01T10:00:50Z') }), { scheduled: undefined, missed: 0 });
  });

  it('is the only start time due', () => {
    assert.deepEqual(mostRecentSchedule(everyMinute, { earliest: at('2026-01-01T10:00:10Z'), now: at('2026-01-01T10:01:05Z') }), { scheduled: at('2026-01-01T10:01:00Z'), missed: 1 });
  });

  it('is the latest of several missed start times, and counts them', () => {
    const result = mostRecentSchedule(everyMinute, { earliest: at('2026-01-01T10:00:00Z'), now: at('2026-01-01T12:00:30Z') });
    assert.deepEqual(result, { scheduled: at('2026-01-01T12:00:00Z'), missed: 120 });
  });

  it('looks back no further than startingDeadlineSeconds', () => {
    const result = mostRecentSchedule(everyMinute, { earliest: at('2026-01-01T10:00:00Z'), now: at('2026-01-01T12:00:30Z'), startingDeadlineSeconds: 200 });
    assert.deepEqual(result, { scheduled: at('2026-01-01T12:00:00Z'), missed: 3 });
  });

  it('lands on a real start time of an irregular schedule', () => {
    const weekdays = CronSchedule.parse('0 9 * * mon-fri');
    // 2026-01-02 is a Friday; the weekend has no start times.
    const result = mostRecentSchedule(weekdays, { earliest: at('2025-12-01T00:00:00Z'), now: at('2026-01-04T12:00:00Z') });
    assert.equal(result.scheduled, at('2026-01-02T09:00:00Z'));
  });
});
