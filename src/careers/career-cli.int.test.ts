// `durchstarten careers:detect` end to end: the command line against a test database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../test/helpers/accounts.ts';
import { enrolment, history } from '../../test/helpers/career-histories.ts';
import { createProvider, storeHistory } from '../../test/helpers/career-store.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { spawnCli } from '../../test/helpers/cli.ts';

let database: TestDatabase;
let municipality: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database.handle;
  municipality = await createOrganisation(db);
  const provider = await createProvider(db, municipality);
  await storeHistory(
    db,
    municipality,
    provider,
    history({
      hasOpenCase: false,
      enrolments: [
        enrolment({ startsOn: '2025-01-01', endsOn: '2025-02-01', status: 'dropped_out', dropoutReason: 'health' }),
        enrolment({ startsOn: '2025-03-01', endsOn: '2025-04-01', status: 'dropped_out', dropoutReason: 'family' }),
      ],
    }),
  );
});

afterAll(async () => database?.close());

function cli(args: string[]) {
  return spawnCli({ databaseUrl: database.adminUrl }, args);
}

describe('careers:detect', () => {
  it('runs the detector for one municipality and prints what it did; a second run changes nothing', () => {
    const first = cli(['careers:detect', '--municipality', municipality, '--today', '2025-06-30']);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ participants: 1, enrolments: 2, findings: 1, opened: 1 });
    const second = cli(['careers:detect', '--today', '2025-06-30']);
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ findings: 1, opened: 0, updated: 0, resolved: 0 });
  });

  it('refuses a malformed municipality or day with exit code 2', () => {
    const bad = cli(['careers:detect', '--municipality', 'Köln']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--municipality');
    expect(cli(['careers:detect', '--today', '30.06.2025']).status).toBe(2);
  });
});
