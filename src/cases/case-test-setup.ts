// The world of the case integration tests: two municipalities, teams, signed-in staff (participation managers,
// coaches, a provider's coach), participants with a residence status, and small request helpers.
// Test code only (imported by *.int.test.ts).
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Role } from '../access/access.rules.ts';
import type { Database } from '../database.ts';
import { withTenant } from '../platform/db/rls.ts';
import type { HttpServer } from '../platform/http/server.ts';
import {
  Browser,
  buildAccountsApp,
  createOrganisation,
  createUser,
  FakeClock,
  type TestUser,
} from '../../test/helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { createParticipant, type ParticipantOverrides } from '../../test/helpers/participant-factories.ts';

export interface Staff {
  user: TestUser;
  browser: Browser;
}

export interface CaseWorld {
  database: TestDatabase;
  db: Kysely<Database>;
  app: HttpServer;
  clock: FakeClock;
  municipality: string;
  otherMunicipality: string;
  team: string;
  otherTeam: string;
  /** Participation manager in `team`. */
  manager: Staff;
  /** Participation manager in `otherTeam`. */
  otherManager: Staff;
  coach: Staff;
  otherCoach: Staff;
  /** A participation manager of the other municipality. */
  foreignManager: Staff;
  close(): Promise<void>;
}

let ipCounter = 10;

export async function signIn(
  app: HttpServer,
  clock: FakeClock,
  db: Kysely<Database>,
  organisationId: string,
  roles: Role[],
): Promise<Staff> {
  const user = await createUser(db, { organisationId, roles, totp: true });
  ipCounter += 1;
  const browser = new Browser(app, `203.0.113.${ipCounter}`);
  const response = await browser.login(user, clock, user);
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  return { user, browser };
}

export async function addTeam(db: Kysely<Database>, municipalityId: string, name: string): Promise<string> {
  return withTenant(db, { municipalityId, userId: null }, async (trx) => {
    const row = await trx
      .insertInto('team')
      .values({ municipality_id: municipalityId, name })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

export async function addTeamMember(db: Kysely<Database>, municipalityId: string, teamId: string, userId: string) {
  await withTenant(db, { municipalityId, userId: null }, (trx) =>
    trx
      .insertInto('team_member')
      .values({ municipality_id: municipalityId, team_id: teamId, user_id: userId })
      .execute(),
  );
}

export async function setUpCaseWorld(options: { start?: Date } = {}): Promise<CaseWorld> {
  const database = await createTestDatabase();
  const { db } = database.handle;
  const clock = new FakeClock(options.start ?? new Date('2026-11-29T08:00:00Z'));
  const app = await buildAccountsApp(database, { clock });
  const municipality = await createOrganisation(db, 'municipality', `Stadt ${randomUUID().slice(0, 6)}`);
  const otherMunicipality = await createOrganisation(db, 'municipality', `Kreis ${randomUUID().slice(0, 6)}`);
  const team = await addTeam(db, municipality, 'Team Mülheim');
  const otherTeam = await addTeam(db, municipality, 'Team Porz');
  // Team memberships are read at sign-in, so they exist before the staff signs in.
  const managerUser = await createUser(db, {
    organisationId: municipality,
    roles: ['participation_manager'],
    totp: true,
  });
  await addTeamMember(db, municipality, team, managerUser.id);
  const otherManagerUser = await createUser(db, {
    organisationId: municipality,
    roles: ['participation_manager'],
    totp: true,
  });
  await addTeamMember(db, municipality, otherTeam, otherManagerUser.id);
  const login = async (user: TestUser): Promise<Staff> => {
    ipCounter += 1;
    const browser = new Browser(app, `203.0.113.${ipCounter}`);
    const response = await browser.login(user, clock, user);
    if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
    return { user, browser };
  };
  return {
    database,
    db,
    app,
    clock,
    municipality,
    otherMunicipality,
    team,
    otherTeam,
    manager: await login(managerUser),
    otherManager: await login(otherManagerUser),
    coach: await signIn(app, clock, db, municipality, ['coach']),
    otherCoach: await signIn(app, clock, db, municipality, ['coach']),
    foreignManager: await signIn(app, clock, db, otherMunicipality, ['participation_manager']),
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** A participant born on the given day with a Duldung since 2024: eligible for DiAA until the 28th birthday. */
export async function eligibleParticipant(
  world: Pick<CaseWorld, 'db' | 'municipality'>,
  overrides: ParticipantOverrides & { status?: string } = {},
): Promise<{ id: string; number: string }> {
  const { status, ...participant } = overrides;
  const created = await createParticipant(world.db, world.municipality, {
    family_name: `Haddad-${randomUUID().slice(0, 6)}`,
    accommodation: 'private',
    work_permission: 'permitted',
    ...participant,
  });
  await withTenant(world.db, { municipalityId: world.municipality, userId: null }, (trx) =>
    sql`insert into participant_residence_status (municipality_id, participant_id, status, valid_from)
        values (${world.municipality}, ${created.id}, ${status ?? 'toleration_60a'}, '2024-01-01')`.execute(trx),
  );
  return created;
}

export interface Problem {
  code: string;
  errors?: { in: string; field: string; code: string; message: string }[];
}

export function problem(response: { json: () => unknown }): Problem {
  return response.json() as Problem;
}

export function fieldsOf(response: { json: () => unknown }): string[] {
  return (problem(response).errors ?? []).map((error) => error.field).sort();
}

export function etagOf(response: { headers: Record<string, unknown> }): string {
  return String(response.headers.etag);
}

/** A request with If-Match. */
export function withVersion(version: number | string): Record<string, string> {
  return { 'if-match': typeof version === 'number' ? `"${version}"` : version };
}

/** A case body that passes validation (strand FB1, team given, opened today of the fake clock). */
export function caseBody(world: Pick<CaseWorld, 'team'>, overrides: Record<string, unknown> = {}) {
  return {
    teamId: world.team,
    openedOn: '2026-11-27',
    intakeOn: '2026-11-25',
    intakeNotes: 'Erstgespräch mit Dolmetscherin',
    strands: ['FB1'],
    ...overrides,
  };
}

/** Rows of a table, read with the admin connection (bypassing row-level security). */
export async function adminCount(world: Pick<CaseWorld, 'database'>, query: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: world.database.adminUrl });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>(query, values);
    return Number(result.rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/** Rows of any query, read with the admin connection. */
export async function adminRows<T extends pg.QueryResultRow>(
  world: Pick<CaseWorld, 'database'>,
  query: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: world.database.adminUrl });
  await client.connect();
  try {
    return (await client.query<T>(query, values)).rows;
  } finally {
    await client.end();
  }
}

/** Audit entries about a participant, oldest first, read with the admin connection. */
export async function auditOf(world: Pick<CaseWorld, 'database'>, participantId: string) {
  const client = new pg.Client({ connectionString: world.database.adminUrl });
  await client.connect();
  try {
    const result = await client.query<{
      action: string;
      resource_type: string;
      outcome: string;
      changed_fields: string[];
      details: Record<string, unknown>;
      actor_user_id: string | null;
    }>(
      `select action, resource_type, outcome, changed_fields, details, actor_user_id from audit_log
        where participant_id = $1 order by seq`,
      [participantId],
    );
    return result.rows;
  } finally {
    await client.end();
  }
}
