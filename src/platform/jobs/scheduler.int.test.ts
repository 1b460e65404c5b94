import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { createLogger } from '../logger.ts';
import { ABANDONED_AFTER_MS, createScheduler, listJobRuns, type JobDefinition } from './scheduler.ts';

let database: TestDatabase;
const logger = createLogger({ logLevel: 'silent', logFormat: 'json' });

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => database?.close());

async function adminQuery<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

function counting(name: string, schedule = '0 3 * * *', delayMs = 50): JobDefinition & { calls: Date[] } {
  const calls: Date[] = [];
  return {
    name,
    schedule,
    description: 'counts its runs',
    calls,
    async run({ slot }) {
      calls.push(slot);
      await sleep(delayMs);
      return { counted: calls.length };
    },
  };
}

describe('exactly once per slot', () => {
  it('lets only one of two instances on the same database run a slot', async () => {
    const job = counting('test.once');
    const a = createScheduler({ db: database.handle.db, logger, instance: 'instance-a' });
    const b = createScheduler({ db: database.handle.db, logger, instance: 'instance-b' });
    a.register(job);
    b.register(job);
    const slot = new Date('2026-11-30T01:30:00Z');
    const outcomes = await Promise.all([a.runSlot('test.once', slot), b.runSlot('test.once', slot)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['skipped', 'succeeded']);
    expect(job.calls).toHaveLength(1);
    const [run] = await listJobRuns(database.handle.db, { job: 'test.once' });
    expect(run).toMatchObject({ status: 'succeeded', slot });
    expect(run?.finishedAt).toBeInstanceOf(Date);
    expect(run?.result).toMatchObject({ counted: 1 });
    // The next slot is a new run.
    await b.runSlot('test.once', new Date('2026-12-01T01:30:00Z'));
    expect(job.calls).toHaveLength(2);
  });

  it('runs each cron slot once across two started instances', async () => {
    const job = counting('test.every_second', '* * * * * *', 10);
    const a = createScheduler({ db: database.handle.db, logger, instance: 'tick-a' });
    const b = createScheduler({ db: database.handle.db, logger, instance: 'tick-b' });
    a.register(job);
    b.register(job);
    await Promise.all([a.start(), b.start()]);
    await sleep(3_300);
    await Promise.all([a.stop(), b.stop()]);
    const runs = await listJobRuns(database.handle.db, { job: 'test.every_second', limit: 100 });
    expect(runs.length).toBeGreaterThanOrEqual(2);
    // Every slot is a whole second, recorded once, run once, by one of the two instances.
    expect(new Set(runs.map((run) => run.slot.getTime())).size).toBe(runs.length);
    expect(runs.every((run) => run.slot.getMilliseconds() === 0)).toBe(true);
    expect(job.calls).toHaveLength(runs.length);
    expect(runs.every((run) => run.status === 'succeeded')).toBe(true);
  });
});

describe('failures and shutdown', () => {
  it('records a failing job as failed and does not throw', async () => {
    const scheduler = createScheduler({ db: database.handle.db, logger, instance: 'failing' });
    scheduler.register({
      name: 'test.failing',
      schedule: '0 4 * * *',
      description: 'fails',
      run: () => Promise.reject(new Error('the database said no')),
    });
    const outcome = await scheduler.runSlot('test.failing', new Date('2026-11-30T03:00:00Z'));
    expect(outcome).toMatchObject({ status: 'failed', error: 'Error: the database said no' });
    const [run] = await listJobRuns(database.handle.db, { job: 'test.failing' });
    expect(run).toMatchObject({ status: 'failed', result: { error: 'Error: the database said no' } });
  });

  it('waits for a running job at stop, so that no row stays running', async () => {
    const job = counting('test.slow', '0 5 * * *', 400);
    const scheduler = createScheduler({ db: database.handle.db, logger, instance: 'slow' });
    scheduler.register(job);
    const running = scheduler.runSlot('test.slow', new Date('2026-11-30T04:00:00Z'));
    await sleep(50);
    await scheduler.stop(5_000);
    await running;
    const [run] = await listJobRuns(database.handle.db, { job: 'test.slow' });
    expect(run?.status).toBe('succeeded');
    // Stopped: no new slot is taken.
    expect(await scheduler.runSlot('test.slow', new Date('2026-12-01T04:00:00Z'))).toMatchObject({
      status: 'skipped',
      reason: 'stopping',
    });
  });

  it('aborts a job that outlives the shutdown timeout and records it as failed', async () => {
    const scheduler = createScheduler({ db: database.handle.db, logger, instance: 'stubborn' });
    let sawAbort = false;
    scheduler.register({
      name: 'test.stubborn',
      schedule: '0 6 * * *',
      description: 'ignores the clock',
      async run({ signal }) {
        signal.addEventListener('abort', () => {
          sawAbort = true;
        });
        await sleep(3_500);
        return {};
      },
    });
    const running = scheduler.runSlot('test.stubborn', new Date('2026-11-30T05:00:00Z'));
    await sleep(50);
    await scheduler.stop(200);
    expect(sawAbort).toBe(true);
    const [run] = await listJobRuns(database.handle.db, { job: 'test.stubborn' });
    expect(run).toMatchObject({ status: 'failed', result: { error: 'interrupted by shutdown' } });
    await running;
    // The late success does not overwrite the recorded interruption.
    expect((await listJobRuns(database.handle.db, { job: 'test.stubborn' }))[0]?.status).toBe('failed');
  });

  it('marks runs abandoned by a dead instance as failed when starting', async () => {
    await adminQuery(
      `insert into job_run (job, slot, instance, started_at) values ('test.abandoned', now() - interval '2 days', 'dead', $1)`,
      [new Date(Date.now() - ABANDONED_AFTER_MS - 60_000)],
    );
    const scheduler = createScheduler({ db: database.handle.db, logger, instance: 'fresh' });
    await scheduler.start();
    await scheduler.stop();
    const [run] = await listJobRuns(database.handle.db, { job: 'test.abandoned' });
    expect(run?.status).toBe('failed');
  });

  it('refuses bad names, duplicate names and bad cron patterns at registration', () => {
    const scheduler = createScheduler({ db: database.handle.db, logger });
    const job = counting('test.registered');
    scheduler.register(job);
    expect(() => scheduler.register(job)).toThrow(/registered already/);
    expect(() => scheduler.register({ ...job, name: 'Bad Name' })).toThrow(/must match/);
    expect(() => scheduler.register({ ...job, name: 'test.bad_cron', schedule: '61 * * * *' })).toThrow();
    expect(scheduler.nextRun('test.registered', new Date('2026-11-29T12:00:00Z'))?.toISOString()).toBe(
      '2026-11-30T02:00:00.000Z',
    );
  });
});
