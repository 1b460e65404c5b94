// The operator's first set-up without the demo: organisations:create, then users:create, from the command line.
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
  return spawnCli({ databaseUrl: database.adminUrl }, args, 60_000);
}

describe('organisations:create', () => {
  it('creates the first municipality, audited, so that its first administrator can be created', async () => {
    const created = cli([
      'organisations:create',
      '--kind',
      'municipality',
      '--name',
      'Bundesstadt Bonn',
      '--municipality-kind',
      'district_free_city',
      '--official-key',
      '05314000',
      '--alliance-member',
      '--json',
    ]);
    expect(created.status, created.stderr).toBe(0);
    const { id } = JSON.parse(created.stdout) as { id: string };
    const row = await database.handle.db.selectFrom('organisation').selectAll().where('id', '=', id).executeTakeFirst();
    expect(row).toMatchObject({
      name: 'Bundesstadt Bonn',
      official_key: '05314000',
      alliance_member: true,
      is_demo: false,
    });
    const client = new pg.Client({ connectionString: database.adminUrl });
    await client.connect();
    const audited = await client.query<{ action: string; actor_user_id: string | null }>(
      'select action, actor_user_id from system_audit_log where resource_id = $1',
      [id],
    );
    await client.end();
    expect(audited.rows).toEqual([{ action: 'create', actor_user_id: null }]);

    const admin = cli([
      'users:create',
      '--email',
      'it-admin@bonn.example',
      '--name',
      'IT Admin Bonn',
      '--organisation',
      'Bundesstadt Bonn',
      '--role',
      'municipal_admin',
      '--password',
      'rhein ufer laterne abend',
    ]);
    expect(admin.status, admin.stderr).toBe(0);
    expect(admin.stdout).toContain('Account created');
  });

  it('refuses invalid input with every problem, exit code 2, and creates nothing', async () => {
    const before = await database.handle.db.selectFrom('organisation').select('id').execute();
    const missingKind = cli(['organisations:create', '--kind', 'municipality', '--name', 'Ohne Art']);
    expect(missingKind.status).toBe(2);
    expect(missingKind.stderr).toContain('municipalityKind');
    const badKey = cli(['organisations:create', '--kind', 'provider', '--name', 'Träger', '--official-key', '12']);
    expect(badKey.status).toBe(2);
    expect(badKey.stderr).toContain('officialKey');
    const wrongKind = cli(['organisations:create', '--kind', 'castle', '--name', 'Burg']);
    expect(wrongKind.status).not.toBe(0);
    const after = await database.handle.db.selectFrom('organisation').select('id').execute();
    expect(after).toHaveLength(before.length);
  });
});
