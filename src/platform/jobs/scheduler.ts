// Scheduled jobs: named functions run at cron times (croner), exactly once per time slot across every app
// instance that shares the database. Before running a slot, an instance claims (job, slot) in job_run with
// `insert … on conflict do nothing`; only the instance whose insert went through runs it. Status, result and
// finish time are recorded in the same row. A failing job is logged and recorded, never thrown at the server.
// Areas hand their jobs in as definitions (the composition root registers them): platform/ knows no area.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Cron } from 'croner';
import type { Kysely } from 'kysely';
import type { Logger } from '../logger.ts';

export const DEFAULT_TIMEZONE = 'Europe/Berlin';
export const JOB_NAME = /^[a-z0-9_.:-]{1,80}$/;
/** A 'running' row older than this was left by an instance that died; it is marked failed at start. */
export const ABANDONED_AFTER_MS = 12 * 60 * 60_000;

/** What a job reports: small, JSON-serialisable facts (counts, not personal data). */
export type JobResult = object;

export interface JobContext {
  /** The scheduled time this run stands for (the same on every instance). */
  slot: Date;
  /** Aborted when the server shuts down: a long job stops between units of work and reports what it did. */
  signal: AbortSignal;
  logger: Logger;
}

export interface JobDefinition {
  /** Unique name, e.g. "retention" (lower case, digits, ._:-). */
  name: string;
  /** Cron pattern in croner syntax (5 fields, or 6 with seconds first), read in the scheduler's time zone. */
  schedule: string;
  description: string;
  run(context: JobContext): Promise<JobResult>;
}

export type RunOutcome =
  | { status: 'succeeded'; slot: Date; result: JobResult }
  | { status: 'failed'; slot: Date; error: string }
  | { status: 'skipped'; slot: Date; reason: 'claimed_elsewhere' | 'already_running' | 'stopping' };

/** The job_run table as the scheduler sees it (declared by migration 20261129_0008_data_rights.ts). */
interface JobRunTables {
  job_run: {
    job: string;
    slot: Date;
    instance: string;
    started_at: Date;
    finished_at: Date | null;
    status: 'running' | 'succeeded' | 'failed';
    result: string;
  };
}

export interface JobRunRecord {
  job: string;
  slot: Date;
  instance: string;
  startedAt: Date;
  finishedAt: Date | null;
  status: 'running' | 'succeeded' | 'failed';
  result: unknown;
}

export interface SchedulerOptions<DB> {
  db: Kysely<DB>;
  logger: Logger;
  /** Time zone of the cron patterns; default Europe/Berlin (02:30 means 02:30 local time, also in summer). */
  timezone?: string;
  /** Name of this instance in job_run; default host:pid:random. */
  instance?: string;
  /** The clock of claims and records; tests pass a fake one. Cron timing itself follows the real clock. */
  now?: () => Date;
}

export interface Scheduler {
  readonly instance: string;
  register(job: JobDefinition): void;
  jobs(): readonly JobDefinition[];
  /** The next scheduled time of a job after `after` (default now). */
  nextRun(name: string, after?: Date): Date | null;
  /** Starts the cron timers. Marks rows abandoned by dead instances as failed first. */
  start(): Promise<void>;
  /** Claims and runs one slot of a job (what a cron tick does). */
  runSlot(name: string, slot: Date): Promise<RunOutcome>;
  /** Runs a job now, outside its schedule (command line): the slot is the current time. */
  runNow(name: string): Promise<RunOutcome>;
  /**
   * Stops the timers and waits up to `timeoutMs` for running jobs; then aborts them and waits a little more.
   * A job that still has not finished is recorded as failed, so that no row stays 'running'.
   */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * The jobs with their schedules replaced where the operator configured one (DURCHSTARTEN_JOB_SCHEDULES). A name
 * that is no job stops the start: an override that silently never applies would hide a misconfiguration.
 */
export function applyScheduleOverrides(
  jobs: readonly JobDefinition[],
  overrides: Readonly<Record<string, string>>,
): JobDefinition[] {
  const known = new Set(jobs.map((job) => job.name));
  const unknown = Object.keys(overrides).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `DURCHSTARTEN_JOB_SCHEDULES names unknown jobs: ${unknown.join(', ')}. Known jobs: ${[...known].join(', ')}.`,
    );
  }
  return jobs.map((job) => {
    const schedule = overrides[job.name];
    return schedule === undefined ? job : { ...job, schedule };
  });
}

/**
 * The slot a cron tick stands for: the latest scheduled time at or before the moment the timer fired, not the
 * moment itself, so that every instance claims the same (job, slot) however late its timer runs. croner fires
 * at or after the scheduled time, and its previousRuns(1, t) returns runs strictly before t: a tick that fires
 * within the very millisecond of its slot would otherwise be booked on the previous slot (already claimed), and
 * the slot would silently not run on any instance.
 */
export function slotOf(cron: Pick<Cron, 'previousRuns'>, fired: Date): Date {
  return cron.previousRuns(1, new Date(fired.getTime() + 1))[0] ?? new Date(Math.floor(fired.getTime() / 1000) * 1000);
}

function defaultInstance(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

function describeError(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return message.slice(0, 1000);
}

/** Reads the recorded runs (newest first), for `jobs:list` and tests. */
export async function listJobRuns<DB>(
  database: Kysely<DB>,
  options: { job?: string; limit?: number } = {},
): Promise<JobRunRecord[]> {
  const db = database as unknown as Kysely<JobRunTables>;
  let query = db
    .selectFrom('job_run')
    .selectAll()
    .orderBy('slot', 'desc')
    .limit(options.limit ?? 50);
  if (options.job) query = query.where('job', '=', options.job);
  const rows = await query.execute();
  return rows.map((row) => ({
    job: row.job,
    slot: row.slot,
    instance: row.instance,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status,
    result: row.result,
  }));
}

export function createScheduler<DB>(options: SchedulerOptions<DB>): Scheduler {
  const db = options.db as unknown as Kysely<JobRunTables>;
  const timezone = options.timezone ?? DEFAULT_TIMEZONE;
  const instance = options.instance ?? defaultInstance();
  const now = options.now ?? (() => new Date());
  const log = options.logger.child({ component: 'jobs', instance });
  const definitions = new Map<string, JobDefinition>();
  const timers: Cron[] = [];
  /** Runs in progress in this instance, by job name. */
  const inProgress = new Map<string, { slot: Date; done: Promise<RunOutcome> }>();
  const abort = new AbortController();
  let stopping = false;

  function definition(name: string): JobDefinition {
    const job = definitions.get(name);
    if (!job) throw new Error(`Unknown job "${name}". Known jobs: ${[...definitions.keys()].join(', ') || 'none'}.`);
    return job;
  }

  async function claim(job: string, slot: Date): Promise<boolean> {
    const inserted = await db
      .insertInto('job_run')
      .values({ job, slot, instance, started_at: now(), finished_at: null, status: 'running', result: '{}' })
      .onConflict((oc) => oc.columns(['job', 'slot']).doNothing())
      .returning('job')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async function record(job: string, slot: Date, status: 'succeeded' | 'failed', result: JobResult): Promise<void> {
    await db
      .updateTable('job_run')
      .set({ status, result: JSON.stringify(result), finished_at: now() })
      .where('job', '=', job)
      .where('slot', '=', slot)
      .where('instance', '=', instance)
      .where('status', '=', 'running')
      .execute();
  }

  async function execute(job: JobDefinition, slot: Date): Promise<RunOutcome> {
    const jobLog = log.child({ job: job.name, slot: slot.toISOString() });
    let claimed: boolean;
    try {
      claimed = await claim(job.name, slot);
    } catch (error) {
      jobLog.error({ err: error }, 'could not claim the slot');
      return { status: 'failed', slot, error: describeError(error) };
    }
    if (!claimed) {
      jobLog.debug('slot claimed by another instance');
      return { status: 'skipped', slot, reason: 'claimed_elsewhere' };
    }
    const started = performance.now();
    jobLog.info('job started');
    let outcome: RunOutcome;
    try {
      const result = await job.run({ slot, signal: abort.signal, logger: jobLog });
      outcome = { status: 'succeeded', slot, result };
      await record(job.name, slot, 'succeeded', { ...result, durationMs: Math.round(performance.now() - started) });
      jobLog.info({ result, durationMs: Math.round(performance.now() - started) }, 'job finished');
    } catch (error) {
      outcome = { status: 'failed', slot, error: describeError(error) };
      jobLog.error({ err: error }, 'job failed');
      try {
        await record(job.name, slot, 'failed', {
          error: describeError(error),
          durationMs: Math.round(performance.now() - started),
        });
      } catch (recordError) {
        jobLog.error({ err: recordError }, 'could not record the failure');
      }
    }
    return outcome;
  }

  function runSlot(name: string, slot: Date): Promise<RunOutcome> {
    const job = definition(name);
    if (stopping) return Promise.resolve({ status: 'skipped', slot, reason: 'stopping' });
    // One run of a job at a time per instance: a slot that comes while the previous run is still busy is left
    // unclaimed, so that another instance may take it.
    if (inProgress.has(name)) {
      log.warn({ job: name, slot: slot.toISOString() }, 'previous run still busy; slot left to other instances');
      return Promise.resolve({ status: 'skipped', slot, reason: 'already_running' });
    }
    const done = execute(job, slot).finally(() => inProgress.delete(name));
    inProgress.set(name, { slot, done });
    return done;
  }

  function cronOf(job: JobDefinition, onTick?: (self: Cron) => void): Cron {
    return onTick
      ? new Cron(job.schedule, { timezone, unref: true }, onTick)
      : new Cron(job.schedule, { timezone, paused: true });
  }

  return {
    instance,

    register(job) {
      if (!JOB_NAME.test(job.name)) throw new Error(`Job name "${job.name}" must match ${String(JOB_NAME)}.`);
      if (definitions.has(job.name)) throw new Error(`Job "${job.name}" is registered already.`);
      // Parses the pattern now, so that a wrong one fails at start-up rather than never running.
      cronOf(job).stop();
      definitions.set(job.name, job);
    },

    jobs: () => [...definitions.values()],

    nextRun(name, after = new Date()) {
      const cron = cronOf(definition(name));
      try {
        return cron.nextRun(after);
      } finally {
        cron.stop();
      }
    },

    async start() {
      const abandoned = await db
        .updateTable('job_run')
        .set({
          status: 'failed',
          finished_at: now(),
          result: JSON.stringify({ error: 'abandoned: the instance running it stopped before it finished' }),
        })
        .where('status', '=', 'running')
        .where('started_at', '<', new Date(now().getTime() - ABANDONED_AFTER_MS))
        .executeTakeFirst();
      if (Number(abandoned.numUpdatedRows) > 0) {
        log.warn({ rows: Number(abandoned.numUpdatedRows) }, 'marked abandoned job runs as failed');
      }
      for (const job of definitions.values()) {
        const timer = cronOf(job, (self) => {
          void runSlot(job.name, slotOf(self, new Date()));
        });
        timers.push(timer);
      }
      log.info({ jobs: [...definitions.keys()], timezone }, 'scheduler started');
    },

    runSlot,

    runNow(name) {
      return runSlot(name, now());
    },

    async stop(timeoutMs = 20_000) {
      stopping = true;
      for (const timer of timers.splice(0)) timer.stop();
      const running = [...inProgress.entries()];
      if (running.length === 0) return;
      log.info({ jobs: running.map(([name]) => name) }, 'waiting for running jobs');
      const all = Promise.allSettled(running.map(([, run]) => run.done));
      const timedOut = Symbol('timeout');
      const wait = (ms: number) =>
        new Promise<typeof timedOut>((resolve) => setTimeout(() => resolve(timedOut), ms).unref());
      if ((await Promise.race([all, wait(timeoutMs)])) !== timedOut) return;
      // Too slow: ask the jobs to stop between units of work, and give them a moment to record it.
      abort.abort(new Error('shutdown'));
      if ((await Promise.race([all, wait(Math.min(2_000, timeoutMs))])) !== timedOut) return;
      for (const [name, run] of inProgress) {
        log.error({ job: name, slot: run.slot.toISOString() }, 'job did not stop in time; recorded as failed');
        await record(name, run.slot, 'failed', { error: 'interrupted by shutdown' }).catch((error: unknown) =>
          log.error({ err: error }, 'could not record the interruption'),
        );
      }
    },
  };
}
