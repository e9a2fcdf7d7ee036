import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cronScheduleError } from './cron-schedule.js';

describe('cron schedules', () => {
  it('accepts standard five-field schedules, names, steps and descriptors', () => {
    for (const schedule of ['*/5 * * * *', '0 0 1 jan *', '15 2 * * mon-fri', '0 */2 1-15/3 * 0,6', '@hourly', '@daily', '@every 1h30m', '? * * * *']) {
      assert.equal(cronScheduleError(schedule), undefined, schedule);
    }
  });

  it('explains a bad schedule in robfig/cron words', () => {
    assert.equal(cronScheduleError('* * * *'), 'expected exactly 5 fields, found 4: [* * * *]');
    assert.equal(cronScheduleError('61 * * * *'), 'end of range (61) above maximum (59): 61');
    assert.equal(cronScheduleError('* * 0 * *'), 'beginning of range (0) below minimum (1): 0');
    assert.equal(cronScheduleError('5-3 * * * *'), 'beginning of range (5) beyond end of range (3): 5-3');
    assert.equal(cronScheduleError('x * * * *'), 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
    assert.equal(cronScheduleError('*/0 * * * *'), 'step of range should be a positive number: */0');
    assert.equal(cronScheduleError('@fortnightly'), 'unrecognized descriptor: @fortnightly');
    assert.equal(cronScheduleError('@every soon'), 'failed to parse duration @every soon: time: invalid duration "soon"');
  });
});
