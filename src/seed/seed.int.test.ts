// The demo data generator on a real database: everything it generates passes the constraints and row-level
// security as the app role, numbers stay unique with a consistent counter, a second run is refused unless it
// replaces the earlier demo data, and the records are readable through the participant and case API.
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, buildAccountsApp, TEST_SECRET_KEY } from '../../test/helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { insertTestParticipant } from '../../test/helpers/tenant-factories.ts';
import { createDemo, DEMO_PASSWORD, ensureDemo } from '../demo/demo.ts';
import { withTenant } from '../platform/db/rls.ts';
import { isAppError } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http/server.ts';
import { createSecretBox } from '../platform/secrets.ts';
import { createSeedService, type SeedSummary } from './seed.service.ts';
import { SEED_TABLES } from './seed.writer.ts';

let database: TestDatabase;
let koelnId: string;

async function admin<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function count(table: string, where = 'true', values: unknown[] = []): Promise<number> {
  const [row] = await admin<{ n: string }>(`select count(*) as n from ${table} where ${where}`, values);
  return Number(row?.n ?? 0);
}

beforeAll(async () => {
  database = await createTestDatabase();
  await createDemo({ db: database.handle.db, secrets: createSecretBox(TEST_SECRET_KEY) });
  const [koeln] = await admin<{ id: string }>("select id from organisation where name = 'Stadt Köln'");
  koelnId = koeln?.id ?? '';
});

afterAll(async () => database?.close());

describe('seed --profile koeln', () => {
  let summary: SeedSummary;
  const progress: number[] = [];

  it('writes participants, statuses and cases into the existing Köln, all demo, all valid', async () => {
    summary = await createSeedService({ db: database.handle.db }).run({
      profile: 'koeln',
      seed: 5,
      scale: 0.5,
      replace: false,
      onProgress: (p) => progress.push(p.done),
    });
    expect(summary.sites).toEqual([
      { name: 'Stadt Köln', municipalityId: koelnId, participants: 254, createdMunicipality: false },
    ]);
    expect(progress.at(-1)).toBe(254);
    // What the summary reports is what the tables hold, table by table.
    for (const table of SEED_TABLES) {
      expect(await count(table, 'municipality_id = $1', [koelnId]), table).toBe(summary.rows[table]);
    }
    expect(summary.rows.case_contact).toBeGreaterThan(2000);
    expect(await count('participant', 'not is_demo')).toBe(0);
    expect(await count('participant_case', 'not is_demo or eligibility_decision is null')).toBe(0);
    expect(await count('participant', "cardinality(name_keys) = 0 or family_name = ''")).toBe(0);
  });

  it('writes the offer catalogue, enrolments within capacity, provider contacts and the detector’s alerts', async () => {
    expect(summary.rows.offer).toBeGreaterThan(40);
    expect(summary.rows.enrolment).toBeGreaterThan(300);
    expect(await count('offer', 'municipality_id = $1 and is_demo', [koelnId])).toBe(summary.rows.offer);
    expect(await count('enrolment', 'not is_demo or case_id is null')).toBe(0);
    // On no day does any offer hold more people than it has seats (started enrolments, by their stays).
    const [over] = await admin<{ n: string }>(
      `select count(*) as n from offer o cross join lateral (
         select max(inside) as peak from (
           select (select count(*) from enrolment x where x.offer_id = o.id and x.status in ('active', 'completed', 'dropped_out')
                     and x.starts_on <= e.starts_on and coalesce(x.ends_on, 'infinity') >= e.starts_on) as inside
             from enrolment e where e.offer_id = o.id and e.status in ('active', 'completed', 'dropped_out')) days) p
        where o.capacity is not null and p.peak > o.capacity`,
    );
    expect(Number(over?.n)).toBe(0);
    const statuses = await admin<{ status: string }>('select distinct status from enrolment order by status');
    expect(statuses.map((row) => row.status)).toEqual(['active', 'completed', 'dropped_out', 'not_started']);
    expect(await count('provider_contact')).toBeGreaterThanOrEqual(20);
    // The detector ran over the written enrolments: the demo shows measure careers at once.
    expect(summary.careerAlerts, 'alerts opened').toBeGreaterThan(0);
    const [alerted] = await admin<{ n: string }>(
      'select count(distinct participant_id) as n from measure_career_alert where municipality_id = $1',
      [koelnId],
    );
    expect(Number(alerted?.n) / 254).toBeGreaterThan(0.05);
    expect(Number(alerted?.n) / 254).toBeLessThan(0.25);
  });

  it('issues unique numbers in order of entry and keeps the counter consistent', async () => {
    const numbers = await admin<{ number: string; opened_on: string }>(
      `select p.number, c.opened_on::text from participant p join participant_case c on c.participant_id = p.id
        where p.municipality_id = $1 order by p.number`,
      [koelnId],
    );
    expect(numbers.map((n) => n.number)).toEqual(
      Array.from({ length: 254 }, (_, i) => `TN-${String(i + 1).padStart(6, '0')}`),
    );
    const opened = numbers.map((n) => n.opened_on);
    expect([...opened].sort()).toEqual(opened);
    const [counter] = await admin<{ last_value: number }>(
      'select last_value from participant_number_counter where municipality_id = $1',
      [koelnId],
    );
    expect(counter?.last_value).toBe(254);
  });

  it('assigns the demo participation manager and coach, in the Köln teams, and creates the providers', async () => {
    const [manager] = await admin<{ id: string }>(
      "select id from app_user where email = 'participation-manager@demo.durchstarten.example'",
    );
    const [coach] = await admin<{ id: string }>(
      "select id from app_user where email = 'coach@demo.durchstarten.example'",
    );
    expect(await count('case_assignment', "role = 'participation_manager' and user_id = $1", [manager?.id])).toBe(254);
    const fb1 = await count('participant_case', "'FB1' = any(strands)");
    expect(await count('case_assignment', "role = 'coach' and user_id = $1", [coach?.id])).toBeGreaterThan(fb1 * 0.9);
    const teams = await admin<{ name: string; members: number; cases: number }>(
      `select t.name, (select count(*)::int from team_member m where m.team_id = t.id and m.user_id = $2) as members,
              (select count(*)::int from participant_case c where c.team_id = t.id) as cases
         from team t where t.municipality_id = $1 order by t.name`,
      [koelnId, manager?.id],
    );
    expect(teams.map((t) => t.name)).toEqual([
      'Teilhabemanagement linksrheinisch',
      'Teilhabemanagement rechtsrheinisch',
    ]);
    expect(teams.every((t) => t.members === 1 && t.cases > 50)).toBe(true);
    expect(await count('participant_case', 'team_id is null')).toBe(0);
    expect(
      await count(
        'provider_municipality pm join organisation o on o.id = pm.provider_id',
        'pm.served_municipality_id = $1 and o.is_demo',
        [koelnId],
      ),
    ).toBe(20);
    expect(await count('participant_case', 'restricted')).toBeGreaterThan(0);
  });

  it('records the run in Köln’s audit chain, with counts and no personal data', async () => {
    const entries = await admin<{ action: string; resource_type: string; details: Record<string, unknown> }>(
      `select action, resource_type, details from audit_log where municipality_id = $1 and details->>'source' = 'seed'
        order by seq`,
      [koelnId],
    );
    expect(entries.filter((e) => e.resource_type === 'team')).toHaveLength(2);
    const run = entries.find((e) => e.resource_type === 'participant');
    expect(run).toMatchObject({
      action: 'create',
      details: { profile: 'koeln', seed: 5, participants: 254, cases: 254, firstNumber: 1 },
    });
  });

  it('keeps the data in Köln’s tenant: another municipality sees none of it', async () => {
    const [neuss] = await admin<{ id: string }>("select id from organisation where name = 'Rhein-Kreis Neuss'");
    const seen = await withTenant(database.handle.db, { municipalityId: neuss?.id ?? null, userId: null }, (trx) =>
      sql<{ n: string }>`select count(*) as n from participant`.execute(trx),
    );
    expect(Number(seen.rows[0]?.n)).toBe(0);
  });

  it('refuses to seed the same municipality again and changes nothing', async () => {
    const before = await count('participant');
    const error = await createSeedService({ db: database.handle.db })
      .run({ profile: 'koeln', seed: 5, scale: 0.5, replace: false })
      .catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('conflict');
    expect(String((error as Error).message)).toContain('--replace');
    expect(await count('participant')).toBe(before);
    expect(await count('participant_number_counter', 'last_value <> 254')).toBe(0);
  });

  it('replaces the earlier demo data with replace: real records stay, numbers are never reused', async () => {
    const realId = await withTenant(database.handle.db, { municipalityId: koelnId, userId: null }, (trx) =>
      insertTestParticipant(trx, koelnId),
    );
    const replaced = await createSeedService({ db: database.handle.db }).run({
      profile: 'koeln',
      seed: 6,
      scale: 0.25,
      replace: true,
    });
    expect(replaced.removed).toEqual({ participants: 254, cases: 254 });
    expect(await count('participant', 'is_demo')).toBe(127);
    expect(await count('participant', 'id = $1 and not is_demo', [realId])).toBe(1);
    const [range] = await admin<{ low: string; high: string }>(
      'select min(number) as low, max(number) as high from participant where is_demo',
    );
    expect(range).toEqual({ low: 'TN-000256', high: 'TN-000382' });
    for (const table of SEED_TABLES.filter((t) => t !== 'participant')) {
      expect(await count(table), table).toBe(replaced.rows[table]);
    }
    expect(await count('audit_log', "action = 'delete' and details->>'reason' = 'replace'")).toBe(1);
  });

  it('rejects invalid options, listing every problem', async () => {
    const error = await createSeedService({ db: database.handle.db })
      .run({ profile: 'koeln', seed: -1, scale: 0, replace: false })
      .catch((e: unknown) => e);
    expect(isAppError(error) && error.fieldErrors.map((f) => f.field)).toEqual(['seed', 'scale']);
  });
});

describe('the seeded records through the API', () => {
  let app: HttpServer;

  beforeAll(async () => {
    app = await buildAccountsApp(database);
  });

  afterAll(async () => app?.close());

  it('shows the demo participation manager the participants and their cases', async () => {
    const browser = new Browser(app, '198.51.100.7');
    const login = await browser.post('/api/v1/auth/login', {
      email: 'participation-manager@demo.durchstarten.example',
      password: DEMO_PASSWORD,
    });
    expect(login.statusCode).toBe(200);
    const list = await browser.get('/api/v1/participants?limit=20');
    expect(list.statusCode, list.body).toBe(200);
    const items = (list.json() as { items: { id: string }[] }).items;
    expect(items.length).toBe(20);
    const [caseRow] = await admin<{ id: string; participant_id: string }>(
      `select c.id, c.participant_id from participant_case c
        where not c.restricted and exists (select 1 from case_assessment a where a.case_id = c.id)
          and exists (select 1 from case_goal g where g.case_id = c.id) limit 1`,
    );
    for (const path of [
      `/api/v1/participants/${caseRow?.participant_id}`,
      `/api/v1/cases/${caseRow?.id}`,
      `/api/v1/cases/${caseRow?.id}/assessments`,
      `/api/v1/cases/${caseRow?.id}/contacts`,
      `/api/v1/cases/${caseRow?.id}/referrals`,
    ]) {
      const response = await browser.get(path);
      expect(response.statusCode, `${path}: ${response.body.slice(0, 500)}`).toBe(200);
    }
  });
});

describe('seed --profile nrw and the demo start-up', () => {
  let other: TestDatabase;

  beforeAll(async () => {
    other = await createTestDatabase();
  });

  afterAll(async () => other?.close());

  it('creates the 53 grant recipients with providers and fills each', async () => {
    const summary = await createSeedService({ db: other.handle.db, poolMax: 5 }).run({
      profile: 'nrw',
      seed: 1,
      scale: 0.05,
      replace: false,
    });
    expect(summary.sites).toHaveLength(53);
    expect(summary.organisationsCreated.municipalities).toBe(53);
    expect(summary.rows.participant).toBe(275);
    const client = new pg.Client({ connectionString: other.adminUrl });
    await client.connect();
    try {
      const municipalities = await client.query<{ kind: string; n: string }>(
        "select municipality_kind as kind, count(*) as n from organisation where kind = 'municipality' and is_demo group by 1",
      );
      expect(Object.fromEntries(municipalities.rows.map((r) => [r.kind, Number(r.n)]))).toEqual({
        district: 31,
        district_free_city: 22,
      });
      const providers = await client.query<{ n: string }>(
        `select count(*) as n from organisation m where m.kind = 'municipality' and
           (select count(*) from provider_municipality pm where pm.served_municipality_id = m.id) not between 1 and 6`,
      );
      expect(Number(providers.rows[0]?.n)).toBe(0);
      const counters = await client.query<{ n: string }>(
        `select count(*) as n from participant_number_counter c
          where c.last_value <> (select count(*) from participant p where p.municipality_id = c.municipality_id)`,
      );
      expect(Number(counters.rows[0]?.n)).toBe(0);
    } finally {
      await client.end();
    }
  });

  it('seeds Köln on a new database at start-up, up to this month: a caseload of open cases for the demo staff', async () => {
    const fresh = await createTestDatabase();
    try {
      const started = performance.now();
      const now = () => new Date('2026-11-29T09:00:00Z');
      expect(
        await ensureDemo({ db: fresh.handle.db, secrets: async () => createSecretBox(TEST_SECRET_KEY), now }),
      ).toBe(true);
      const seconds = (performance.now() - started) / 1000;
      expect(seconds).toBeLessThan(30);
      const rows = await fresh.handle.db
        .selectFrom('organisation')
        .select('id')
        .where('name', '=', 'Stadt Köln')
        .executeTakeFirstOrThrow();
      const participants = await withTenant(fresh.handle.db, { municipalityId: rows.id, userId: null }, (trx) =>
        trx
          .selectFrom('participant')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow(),
      );
      expect(Number(participants.n)).toBe(508);
      const query = async <T extends pg.QueryResultRow>(text: string) => {
        const client = new pg.Client({ connectionString: fresh.adminUrl });
        await client.connect();
        try {
          return (await client.query<T>(text)).rows;
        } finally {
          await client.end();
        }
      };
      const [window] = await query<{ first: string; last: string; open: string; closed_kim: string }>(
        `select min(opened_on)::text as first, max(opened_on)::text as last,
                count(*) filter (where exited_on is null) as open,
                count(*) filter (where exit_outcome = 'handover_kim') as closed_kim
           from participant_case`,
      );
      expect((window?.first ?? '') >= '2024-02-01' && (window?.last ?? '') <= '2026-11-30').toBe(true);
      expect(Number(window?.open)).toBeGreaterThan(90);
      expect(Number(window?.closed_kim)).toBe(0);
      // Every open case has the demo participation manager; the coached ones the demo coach.
      const caseload = await query<{ role: string; email: string; cases: string }>(
        `select a.role, u.email, count(distinct c.id) as cases
           from participant_case c
           join case_assignment a on a.case_id = c.id and a.ended_at is null
           join app_user u on u.id = a.user_id
          where c.exited_on is null
          group by a.role, u.email order by a.role`,
      );
      expect(caseload.map((row) => [row.role, row.email])).toEqual([
        ['coach', 'coach@demo.durchstarten.example'],
        ['participation_manager', 'participation-manager@demo.durchstarten.example'],
      ]);
      expect(Number(caseload[1]?.cases)).toBe(Number(window?.open));
      expect(Number(caseload[0]?.cases)).toBeGreaterThan(30);
      const [steps] = await query<{ overdue: string; upcoming: string; follow_ups_due: string }>(
        `select (select count(*) from case_step s join participant_case c on c.id = s.case_id
                  where c.exited_on is null and s.status = 'open' and s.due_on < '2026-11-29'
                    and s.owner_user_id is not null) as overdue,
                (select count(*) from case_step s join participant_case c on c.id = s.case_id
                  where c.exited_on is null and s.status = 'open' and s.due_on >= '2026-11-29') as upcoming,
                (select count(*) from participant_case where followed_up_on is null
                  and follow_up_due_on between '2026-11-29' and '2027-01-31') as follow_ups_due`,
      );
      expect(Number(steps?.overdue)).toBeGreaterThan(20);
      expect(Number(steps?.upcoming)).toBeGreaterThan(40);
      expect(Number(steps?.follow_ups_due)).toBeGreaterThan(0);
      // A second start finds the demo and leaves it alone.
      expect(
        await ensureDemo({ db: fresh.handle.db, secrets: async () => createSecretBox(TEST_SECRET_KEY), now }),
      ).toBe(false);
    } finally {
      await fresh.close();
    }
  });
});
