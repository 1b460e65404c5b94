import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { applyScheduleOverrides, DEFAULT_TIMEZONE, slotOf, type JobDefinition } from './scheduler.ts';

function cron(pattern: string): Cron {
  return new Cron(pattern, { paused: true, timezone: DEFAULT_TIMEZONE });
}

describe('slotOf', () => {
  it('books a tick that fires within the millisecond of its slot on that slot, not the previous one', () => {
    const everyTwoSeconds = cron('*/2 * * * * *');
    const slot = new Date('2026-11-29T21:35:04.000Z');
    expect(slotOf(everyTwoSeconds, slot)).toEqual(slot);
    expect(slotOf(everyTwoSeconds, new Date('2026-11-29T21:35:04.003Z'))).toEqual(slot);
    // A late timer still claims the slot it was scheduled for.
    expect(slotOf(everyTwoSeconds, new Date('2026-11-29T21:35:05.900Z'))).toEqual(slot);
  });

  it('gives a daily job fired on the dot the slot of that day (Europe/Berlin)', () => {
    const daily = cron('30 2 * * *');
    const today = new Date('2026-11-29T01:30:00.000Z');
    expect(slotOf(daily, today)).toEqual(today);
  });
});

describe('applyScheduleOverrides', () => {
  const job = (name: string, schedule: string): JobDefinition => ({
    name,
    schedule,
    description: name,
    run: async () => ({}),
  });

  it('replaces the schedule of the named jobs and keeps the others', () => {
    const jobs = applyScheduleOverrides([job('purge', '15 * * * *'), job('retention', '30 2 * * *')], {
      purge: '*/2 * * * * *',
    });
    expect(jobs.map((j) => [j.name, j.schedule])).toEqual([
      ['purge', '*/2 * * * * *'],
      ['retention', '30 2 * * *'],
    ]);
  });

  it('refuses an override for a job that does not exist', () => {
    expect(() => applyScheduleOverrides([job('purge', '15 * * * *')], { prune: '* * * * *' })).toThrow(
      /unknown jobs: prune\. Known jobs: purge/,
    );
  });
});
