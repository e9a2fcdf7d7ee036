import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CronSchedule, cronScheduleError } from './cron-schedule.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? 'never' : new Date(ms).toISOString());

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

  it('finds the next minute strictly after a time', () => {
    const everyMinute = CronSchedule.parse('* * * * *');
    assert.equal(iso(everyMinute.next(at('2026-03-01T10:00:00Z'))), '2026-03-01T10:01:00.000Z');
    assert.equal(iso(everyMinute.next(at('2026-03-01T10:00:59.999Z'))), '2026-03-01T10:01:00.000Z');
    assert.equal(iso(CronSchedule.parse('*/15 * * * *').next(at('2026-03-01T10:16:00Z'))), '2026-03-01T10:30:00.000Z');
  });

  it('rolls over hours, days, months and years', () => {
    assert.equal(iso(CronSchedule.parse('30 2 * * *').next(at('2026-12-31T03:00:00Z'))), '2027-01-01T02:30:00.000Z');
    assert.equal(iso(CronSchedule.parse('0 0 31 * *').next(at('2026-04-01T00:00:00Z'))), '2026-05-31T00:00:00.000Z');
    assert.equal(iso(CronSchedule.parse('0 0 29 feb *').next(at('2026-01-01T00:00:00Z'))), '2028-02-29T00:00:00.000Z');
  });

  it('expands the @hourly, @daily, @weekly, @monthly and @yearly macros', () => {
    const from = at('2026-03-04T10:20:00Z');
    assert.equal(iso(CronSchedule.parse('@hourly').next(from)), '2026-03-04T11:00:00.000Z');
    assert.equal(iso(CronSchedule.parse('@daily').next(from)), '2026-03-05T00:00:00.000Z');
    assert.equal(iso(CronSchedule.parse('@weekly').next(from)), '2026-03-08T00:00:00.000Z');
    assert.equal(iso(CronSchedule.parse('@monthly').next(from)), '2026-04-01T00:00:00.000Z');
    assert.equal(iso(CronSchedule.parse('@yearly').next(from)), '2027-01-01T00:00:00.000Z');
    assert.equal(iso(CronSchedule.parse('@every 90s').next(at('2026-03-04T10:20:00.500Z'))), '2026-03-04T10:21:30.000Z');
  });

  it('matches either day field when both are restricted, and both when one is a star', () => {
    // 2026-03-04 is a Wednesday; the 10th is a Tuesday.
    assert.equal(iso(CronSchedule.parse('0 0 10 * mon').next(at('2026-03-04T00:00:00Z'))), '2026-03-09T00:00:00.000Z');
    assert.equal(iso(CronSchedule.parse('0 0 * * mon').next(at('2026-03-04T00:00:00Z'))), '2026-03-09T00:00:00.000Z');
    assert.equal(iso(CronSchedule.parse('0 0 10 * *').next(at('2026-03-04T00:00:00Z'))), '2026-03-10T00:00:00.000Z');
  });

  it('evaluates the schedule in spec.timeZone, across daylight saving changes', () => {
    const berlin = CronSchedule.parse('0 9 * * *', 'Europe/Berlin');
    assert.equal(iso(berlin.next(at('2026-01-10T12:00:00Z'))), '2026-01-11T08:00:00.000Z');
    assert.equal(iso(berlin.next(at('2026-07-10T12:00:00Z'))), '2026-07-11T07:00:00.000Z');
    // Clocks jump from 02:00 to 03:00 on 2026-03-29 in Berlin.
    const nightly = CronSchedule.parse('30 2 * * *', 'Europe/Berlin');
    assert.equal(iso(nightly.next(at('2026-03-28T12:00:00Z'))), '2026-03-29T01:30:00.000Z');
    assert.equal(iso(CronSchedule.parse('CRON_TZ=America/New_York 0 0 * * *').next(at('2026-01-01T12:00:00Z'))), '2026-01-02T05:00:00.000Z');
  });

  it('has no next time for a date that never comes', () => {
    assert.equal(CronSchedule.parse('0 0 30 feb *').next(at('2026-01-01T00:00:00Z')), undefined);
  });
});
