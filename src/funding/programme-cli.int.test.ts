// `durchstarten funding:programmes:load` end to end: the command line against a test database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../../test/helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => database?.close());

describe('funding:programmes:load', () => {
  it('creates the bundled programmes once and reports what it did', async () => {
    const first = spawnCli({ databaseUrl: database.adminUrl }, ['funding:programmes:load']);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ created: ['DIAA', 'KIM'], existing: [] });
    const second = spawnCli({ databaseUrl: database.adminUrl }, ['funding:programmes:load']);
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ created: [], existing: ['DIAA', 'KIM'] });
    const versions = await database.handle.db
      .selectFrom('funding_programme_version')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(versions.n)).toBe(2);
  });
});
