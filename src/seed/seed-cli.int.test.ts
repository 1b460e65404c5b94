// `durchstarten seed` end to end: the command line against a test database.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { spawnCli } from '../../test/helpers/cli.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => database?.close());

function cli(args: string[]) {
  return spawnCli({ databaseUrl: database.adminUrl }, args);
}

async function participants(): Promise<number> {
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>('select count(*) as n from participant');
    return Number(result.rows[0]?.n);
  } finally {
    await client.end();
  }
}

async function openCases(): Promise<number> {
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>(
      'select count(*) as n from participant_case where exited_on is null',
    );
    return Number(result.rows[0]?.n);
  } finally {
    await client.end();
  }
}

/** Which of the tables were analysed by an ANALYZE command (not by autovacuum). */
async function analysedTables(tables: string[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  try {
    const result = await client.query<{ relname: string }>(
      `select relname from pg_stat_user_tables where relname = any($1) and last_analyze is not null order by relname`,
      [tables],
    );
    return result.rows.map((row) => row.relname);
  } finally {
    await client.end();
  }
}

describe('durchstarten seed', () => {
  it('creates Köln and its demo data when missing and prints a summary with counts and time', async () => {
    const run = cli(['seed', '--profile', 'koeln', '--scale', '0.1', '--seed', '3']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Demo data generated: profile koeln, seed 3, scale 0.1, entries until 2023-06');
    expect(run.stdout).toMatch(/participant\s+51\n/);
    expect(run.stdout).toMatch(/rows\/s/);
    expect(await participants()).toBe(51);
    // Planner statistics refreshed by the command itself (last_analyze; autovacuum's would be last_autoanalyze).
    expect(
      await analysedTables(['participant', 'participant_residence_status', 'participant_case', 'case_contact']),
    ).toEqual(['case_contact', 'participant', 'participant_case', 'participant_residence_status']);
  });

  it('refuses a second run without --replace (exit 2) and writes nothing', async () => {
    const run = cli(['seed', '--profile', 'koeln', '--scale', '0.1']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--replace');
    expect(await participants()).toBe(51);
  });

  it('replaces the earlier demo data with --replace and reports as JSON; --until keeps running cases open', async () => {
    expect(await openCases()).toBe(0);
    const run = cli(['seed', '--profile', 'koeln', '--scale', '0.2', '--until', '2026-11', '--replace', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      until: string;
      removed: { participants: number };
      rows: { participant: number };
    };
    expect(summary.until).toBe('2026-11');
    expect(summary.removed.participants).toBe(51);
    expect(summary.rows.participant).toBe(102);
    expect(await participants()).toBe(102);
    expect(await openCases()).toBeGreaterThan(15);
  });

  it('refuses invalid options with every problem (exit 2)', async () => {
    const run = cli(['seed', '--profile', 'koeln', '--scale', 'many', '--seed', '1.5', '--until', '2023-05']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('seed:');
    expect(run.stderr).toContain('scale:');
    expect(run.stderr).toContain('until:');
    const unknown = cli(['seed', '--profile', 'bayern']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('koeln');
    expect(await participants()).toBe(102);
  });
});
