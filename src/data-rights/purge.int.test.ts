import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createUser } from '../../test/helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { runPurge } from './purge.service.ts';

let database: TestDatabase;
const now = new Date('2026-11-29T12:00:00Z');
const hours = (n: number) => new Date(now.getTime() - n * 60 * 60_000);

async function admin<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

function hash(): string {
  return createHash('sha256').update(randomUUID()).digest('hex');
}

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => database?.close());

describe('purge job', () => {
  it('deletes ended sessions, spent invitations, expired keys, old attempts and runs; keeps the rest', async () => {
    const { db } = database.handle;
    const organisation = await createOrganisation(db, 'municipality');
    const user = await createUser(db, { organisationId: organisation, roles: ['coach'] });
    const session = async (label: string, values: { last: Date; expires: Date; revoked?: Date }) => {
      await admin(
        `insert into user_session (token_hash, user_id, created_at, last_seen_at, expires_at, revoked_at, revoked_reason, user_agent)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          hash(),
          user.id,
          hours(40),
          values.last,
          values.expires,
          values.revoked ?? null,
          values.revoked ? 'logout' : null,
          label,
        ],
      );
    };
    await session('active', { last: hours(0.1), expires: hours(-5) });
    await session('logged out an hour ago', { last: hours(1), expires: hours(-5), revoked: hours(1) });
    await session('logged out two days ago', { last: hours(48), expires: hours(-5), revoked: hours(48) });
    await session('expired two days ago', { last: hours(49), expires: hours(48) });
    await session('idle since yesterday morning', { last: hours(30), expires: hours(-5) });

    const invitation = (created: Date, expires: Date, used: Date | null) =>
      admin(
        'insert into user_invitation (user_id, token_hash, created_at, expires_at, used_at) values ($1, $2, $3, $4, $5)',
        [user.id, hash(), created, expires, used],
      );
    await invitation(hours(10), hours(-100), null); // open
    await invitation(hours(100), hours(-50), hours(30)); // used yesterday morning
    await invitation(hours(300), hours(100), null); // expired long ago

    const key = (expires: Date) =>
      admin(
        `insert into idempotency_key (scope, key, request_hash, state, created_at, expires_at) values ($1, $2, 'h', 'in_flight', $3, $4)`,
        [user.id, randomUUID(), hours(30), expires],
      );
    await key(hours(1));
    await key(hours(-2));
    await admin(
      `insert into login_attempt (kind, key, at, success) values ('ip', $1, $2, false), ('ip', $1, $3, false)`,
      [hash(), hours(49), hours(2)],
    );
    await admin(
      `insert into job_run (job, slot, instance, status, finished_at) values
         ('old', $1, 'x', 'succeeded', $1), ('recent', $2, 'x', 'succeeded', $2), ('stuck', $1, 'x', 'running', null)`,
      [hours(24 * 100), hours(24)],
    );

    expect(await runPurge(db, now)).toEqual({
      sessions: 3,
      invitations: 2,
      idempotencyKeys: 1,
      loginAttempts: 1,
      jobRuns: 1,
    });
    const left = await admin<{ user_agent: string }>('select user_agent from user_session order by user_agent');
    expect(left.map((row) => row.user_agent)).toEqual(['active', 'logged out an hour ago']);
    expect(await admin('select 1 from user_invitation')).toHaveLength(1);
    expect(await admin('select 1 from idempotency_key')).toHaveLength(1);
    expect(await admin('select 1 from login_attempt')).toHaveLength(1);
    expect((await admin<{ job: string }>('select job from job_run order by job')).map((row) => row.job)).toEqual([
      'recent',
      'stuck',
    ]);
    // Nothing more to do.
    expect(Object.values(await runPurge(db, now)).every((n) => n === 0)).toBe(true);
  });
});
