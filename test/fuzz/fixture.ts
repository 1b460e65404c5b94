// The world the fuzzer acts in: two municipalities with participants, cases and every kind of case record,
// one signed-in client per role (in municipality A, or in the organisation kind the role belongs to), a
// participation manager of municipality B (the second tenant) and an anonymous client. Path ids come from
// pools of real rows, read with the owner connection and refreshed as the fuzzer's writes add rows.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { roles, type Role } from '../../src/access/access.rules.ts';
import { insertTestOffer, tenantRowFactories } from '../helpers/tenant-factories.ts';
import { insertEnrolment, insertOpenAlert } from '../helpers/offer-factories.ts';
import { withTenant } from '../../src/platform/db/rls.ts';
import { loadBundledProgrammes } from '../../src/funding/programme.bundled.ts';
import type { OrganisationKind } from '../../src/organisations/organisation.table.ts';
import type { HttpServer } from '../../src/platform/http/server.ts';
import {
  createOrganisation,
  createUser,
  type FakeClock,
  HOME_ORGANISATION_OF_ROLE,
  PLAIN_COOKIE,
  codeFor,
  type TestUser,
} from '../helpers/accounts.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { assignToCase, createFullRecord } from '../helpers/participant-factories.ts';

/** Which table's ids a path parameter takes, by the path segment before it. */
export const POOL_OF_SEGMENT: Record<string, string> = {
  users: 'app_user',
  organisations: 'organisation',
  municipalities: 'municipality',
  sessions: 'user_session',
  participants: 'participant',
  'residence-statuses': 'participant_residence_status',
  languages: 'participant_language',
  schooling: 'participant_schooling',
  consents: 'participant_consent',
  'participant-imports': 'participant_import',
  cases: 'participant_case',
  assignments: 'case_assignment',
  goals: 'case_goal',
  steps: 'case_step',
  contacts: 'case_contact',
  referrals: 'case_referral',
  conferences: 'case_conference',
  documents: 'case_document',
  dialogues: 'quality_dialogue',
  actions: 'quality_action',
  alerts: 'measure_career_alert',
  offers: 'offer',
  providers: 'provider',
  'providers/contacts': 'provider_contact',
  enrolments: 'enrolment',
  // The innovation fund (FB5): /funding/innovation/calls/{callId}, …/proposals/{proposalId}, …/documents/{documentId}
  'funding/calls': 'innovation_call',
  'funding/proposals': 'innovation_proposal',
  'proposals/documents': 'innovation_document',
  // …/proposals/{proposalId}/scores/{criterion}: not an id but a criterion code of the proposal's call
  'proposals/scores': 'innovation_criterion',
  // Applications and grants: /funding/applications/{applicationId}, its plan lines, /funding/grants/{grantId}
  applications: 'funding_application',
  'cost-lines': 'application_cost_line',
  positions: 'application_position',
  'funding-sources': 'application_funding_source',
  'requested-amounts': 'application_requested_amount',
  grants: 'funding_grant',
  // Forwarding contracts and payment requests: /funding/forwarding/{contractId}, /funding/payment-requests/{requestId}
  forwarding: 'forwarding_contract',
  'payment-requests': 'payment_request',
  // Programmes, state budgets and allocation keys: /funding/programmes/{programmeId}, /funding/budgets/{budgetId},
  // …/budgets/{budgetId}/allocations/{municipalityId}, /funding/budgets/keys/{keyId}
  programmes: 'funding_programme',
  budgets: 'programme_budget',
  'budgets/allocations': 'municipality',
  keys: 'allocation_key',
  // Proofs of use and recovery claims: /funding/proofs/{proofId}, …/receipts/{receiptId},
  // /funding/recovery-claims/{claimId}
  proofs: 'proof_of_use',
  'proofs/receipts': 'receipt',
  'recovery-claims': 'recovery_claim',
};

export interface PoolRow {
  id: string;
  version: number | null;
  caseId: string | null;
  participantId: string | null;
  providerId?: string | null;
}

/** A client of the API: a role's user with its session cookie, or nobody. */
export interface FuzzClient {
  name: string;
  role: Role | null;
  user: TestUser | null;
  ip: string;
  token: string | undefined;
}

export interface FuzzWorld {
  clients: FuzzClient[];
  municipalityA: string;
  municipalityB: string;
  pools: Map<string, PoolRow[]>;
  refreshPools(): Promise<void>;
  signIn(client: FuzzClient): Promise<void>;
  /** Whether the client's session is still signed in (after a 401, which may also be a wrong password). */
  stillSignedIn(client: FuzzClient): Promise<boolean>;
  close(): Promise<void>;
}

interface InjectResponse {
  statusCode: number;
  body: string;
  cookies: { name: string; value: string }[];
}

/**
 * Offers of the provider (the provider staff client's organisation, or a new one), enrolments of the people in
 * them, a contact person, a measure-career alert and a quality dialogue with an agreed action.
 */
async function seedOffers(
  database: TestDatabase,
  municipalityId: string,
  people: { id: string; caseId: string }[],
  providerId?: string,
) {
  await withTenant(database.handle.db, { municipalityId, userId: null }, async (trx) => {
    const first = await insertTestOffer(trx, municipalityId, providerId ? { provider_id: providerId } : {});
    const second = await insertTestOffer(trx, municipalityId, {
      provider_id: first.providerId,
      title: 'Berufssprachkurs B2',
      type: 'job_language_course',
      strand: null,
      capacity: 2,
      entry_level: 'B1',
      target_level: 'B2',
    });
    await trx
      .insertInto('provider_contact')
      .values({ provider_id: first.providerId, name: 'Frau Yıldız', role: 'Kursleitung', email: null, phone: null })
      .execute();
    // Within capacity (the database refuses more): the second offer's two seats, then its waiting list.
    let secondActive = 0;
    for (const [index, person] of people.entries()) {
      const offerId = index % 2 === 0 ? first.offerId : second.offerId;
      const active = offerId === first.offerId ? index % 3 !== 2 : secondActive < 2;
      if (active && offerId === second.offerId) secondActive += 1;
      const enrolmentId = await insertEnrolment(
        trx,
        { municipality_id: municipalityId, participant_id: person.id, offer_id: offerId },
        {
          case_id: person.caseId,
          referred_on: '2025-08-01',
          starts_on: active ? '2025-09-01' : null,
          status: active ? 'active' : 'waiting',
        },
      );
      if (index === 0) {
        await insertOpenAlert(trx, {
          municipality_id: municipalityId,
          participant_id: person.id,
          enrolment_id: enrolmentId,
        });
      }
    }
    const dialogue = await trx
      .insertInto('quality_dialogue')
      .values({
        municipality_id: municipalityId,
        provider_id: first.providerId,
        offer_id: first.offerId,
        held_on: '2026-02-10',
        attendees: 'Geschäftsstelle, Träger',
        findings: 'Hohe Abbruchquote im ersten Monat',
        follow_up_on: null,
        follow_up_notes: null,
        created_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('quality_action')
      .values({
        municipality_id: municipalityId,
        dialogue_id: dialogue.id,
        action: 'Anwesenheit monatlich melden',
        owner: 'Träger',
        due_on: '2026-03-31',
        done_on: null,
      })
      .execute();
  });
}

async function seedMunicipality(database: TestDatabase, municipalityId: string, people: number) {
  const { db } = database.handle;
  const records: { id: string; caseId: string }[] = [];
  for (let index = 0; index < people; index += 1) {
    records.push(
      await createFullRecord(db, municipalityId, {
        caseOverrides: {
          restricted: index % 4 === 3,
        },
      }),
    );
  }
  await withTenant(db, { municipalityId, userId: null }, async (trx) => {
    await tenantRowFactories.participant_import?.(trx, municipalityId);
    await tenantRowFactories.team?.(trx, municipalityId);
    // A published FB5 call with a submitted proposal, its concept and a committee member's score.
    await tenantRowFactories.innovation_document?.(trx, municipalityId);
    await tenantRowFactories.innovation_score?.(trx, municipalityId);
    // Draft applications with a line of each kind, and a decided grant.
    for (const table of ['application_cost_line', 'application_position', 'application_funding_source']) {
      await tenantRowFactories[table]?.(trx, municipalityId);
    }
    await tenantRowFactories.application_requested_amount?.(trx, municipalityId);
    await tenantRowFactories.funding_grant?.(trx, municipalityId);
    // A forwarding contract (draft) and an open payment request of decided grants.
    await tenantRowFactories.forwarding_contract?.(trx, municipalityId);
    await tenantRowFactories.payment_request?.(trx, municipalityId);
    // A proof of use with a statement line and a receipt, and a recovery claim.
    await tenantRowFactories.receipt?.(trx, municipalityId);
    await tenantRowFactories.recovery_claim?.(trx, municipalityId);
  });
  return records;
}

export async function createFuzzWorld(
  database: TestDatabase,
  app: HttpServer,
  clock: FakeClock,
  options: { peoplePerMunicipality: number },
): Promise<FuzzWorld> {
  const { db } = database.handle;
  const municipalityA = await createOrganisation(db, 'municipality', 'Stadt Köln (Fuzz)');
  const municipalityB = await createOrganisation(db, 'municipality', 'Kreis Düren (Fuzz)');
  // The bundled programmes with the state budgets they imply, and an allocation key over both municipalities (as
  // recipients with official keys), so that programme, budget and key paths have real rows.
  await loadBundledProgrammes(db);
  await db.updateTable('organisation').set({ official_key: '05315000' }).where('id', '=', municipalityA).execute();
  await db.updateTable('organisation').set({ official_key: '05358000' }).where('id', '=', municipalityB).execute();
  const fuzzKey = await db
    .insertInto('allocation_key')
    .values({ name: 'FlüAG (Fuzz)', reference_date: '2020-12-31', source: null, created_by: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('allocation_key_share')
    .values([
      { key_id: fuzzKey.id, recipient_id: municipalityA, share: '60' },
      { key_id: fuzzKey.id, recipient_id: municipalityB, share: '40' },
    ])
    .execute();
  const organisations = new Map<OrganisationKind, string>([['municipality', municipalityA]]);
  for (const kind of new Set(Object.values(HOME_ORGANISATION_OF_ROLE))) {
    if (!organisations.has(kind)) organisations.set(kind, await createOrganisation(db, kind));
  }
  const clients: FuzzClient[] = [];
  let address = 10;
  for (const role of roles) {
    const user = await createUser(db, {
      organisationId: organisations.get(HOME_ORGANISATION_OF_ROLE[role]) as string,
      roles: [role],
      totp: true,
      email: `fuzz-${role}@example.org`,
    });
    clients.push({ name: role, role, user, ip: `198.51.100.${address++}`, token: undefined });
  }
  const otherTenant = await createUser(db, {
    organisationId: municipalityB,
    roles: ['participation_manager'],
    totp: true,
    email: 'fuzz-other-tenant@example.org',
  });
  clients.push({
    name: 'participation_manager@B',
    role: 'participation_manager',
    user: otherTenant,
    ip: `198.51.100.${address++}`,
    token: undefined,
  });
  clients.push({ name: 'anonymous', role: null, user: null, ip: `198.51.100.${address}`, token: undefined });

  // Rows for the path ids: people with every record in both municipalities, coach assignments, and users
  // that are not fuzz clients (so that disabling or re-roling a user never locks a client out).
  const recordsA = await seedMunicipality(database, municipalityA, options.peoplePerMunicipality);
  const recordsB = await seedMunicipality(
    database,
    municipalityB,
    Math.max(2, Math.floor(options.peoplePerMunicipality / 3)),
  );
  await seedOffers(database, municipalityA, recordsA, organisations.get('provider'));
  await seedOffers(database, municipalityB, recordsB);
  const coach = clients.find((client) => client.name === 'coach')?.user;
  const manager = clients.find((client) => client.name === 'participation_manager')?.user;
  for (const [index, record] of recordsA.entries()) {
    const assignee = index % 2 === 0 ? coach : manager;
    if (assignee)
      await assignToCase(
        db,
        municipalityA,
        { caseId: record.caseId, participantId: record.id },
        assignee.id,
        assignee === coach ? 'coach' : 'participation_manager',
      );
  }
  for (const role of ['coach', 'participation_manager', 'municipal_admin'] as const) {
    await createUser(db, {
      organisationId: municipalityA,
      roles: [role],
      email: `colleague-${randomUUID()}@example.org`,
    });
  }
  await createUser(db, { organisationId: municipalityB, roles: ['coach'] });

  const clientUserIds = new Set(clients.flatMap((client) => (client.user ? [client.user.id] : [])));
  const admin = new pg.Client({ connectionString: database.adminUrl });
  await admin.connect();
  const pools = new Map<string, PoolRow[]>();

  async function rowsOf(table: string, where = 'true'): Promise<PoolRow[]> {
    const columns = await admin.query<{ column_name: string }>(
      `select column_name from information_schema.columns where table_schema = 'public' and table_name = $1`,
      [table],
    );
    const has = new Set(columns.rows.map((row) => row.column_name));
    if (!has.has('id')) throw new Error(`pool table ${table} has no id column`);
    const select = [
      'id::text as id',
      has.has('version') ? 'version' : 'null::int as version',
      has.has('case_id') ? 'case_id::text as "caseId"' : 'null as "caseId"',
      has.has('participant_id') ? 'participant_id::text as "participantId"' : 'null as "participantId"',
      has.has('provider_id') ? 'provider_id::text as "providerId"' : 'null as "providerId"',
    ].join(', ');
    const result = await admin.query<PoolRow>(`select ${select} from ${table} where ${where} order by id limit 200`);
    return result.rows;
  }

  async function refreshPools(): Promise<void> {
    for (const table of new Set(Object.values(POOL_OF_SEGMENT))) {
      if (table === 'municipality' || table === 'provider') {
        pools.set(table, await rowsOf('organisation', `kind = '${table}'`));
      } else if (table === 'innovation_criterion') {
        const codes = await admin.query<{ id: string }>(
          `select distinct criterion ->> 'code' as id from innovation_call, jsonb_array_elements(criteria) criterion
            order by 1 limit 200`,
        );
        pools.set(
          table,
          codes.rows.map((row) => ({ id: row.id, version: null, caseId: null, participantId: null })),
        );
      } else if (table === 'app_user') {
        pools.set(
          table,
          (await rowsOf('app_user')).filter((row) => !clientUserIds.has(row.id)),
        );
      } else {
        pools.set(table, await rowsOf(table));
      }
    }
  }
  await refreshPools();

  async function inject(client: FuzzClient, method: 'GET' | 'POST', url: string, payload?: object) {
    return (await app.inject({
      method,
      url,
      remoteAddress: client.ip,
      headers: {
        'sec-fetch-site': 'same-origin',
        'user-agent': 'durchstarten-fuzz',
        ...(client.token ? { cookie: `${PLAIN_COOKIE}=${client.token}` } : {}),
      },
      ...(payload ? { payload } : {}),
    })) as unknown as InjectResponse;
  }

  function keepCookie(client: FuzzClient, response: InjectResponse) {
    const cookie = response.cookies.find((c) => c.name === PLAIN_COOKIE);
    if (cookie) client.token = cookie.value === '' ? undefined : cookie.value;
  }

  async function signIn(client: FuzzClient): Promise<void> {
    const user = client.user;
    if (!user) return;
    client.token = undefined;
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      clock.advance(31_000); // a fresh TOTP time step: each code is usable once
      const login = await inject(client, 'POST', '/api/v1/auth/login', { email: user.email, password: user.password });
      keepCookie(client, login);
      if (login.statusCode === 429) {
        // Wrong passwords the fuzzer sent (re-authentication, password change) throttle the account: wait it out.
        clock.advance(16 * 60_000);
        continue;
      }
      if (login.statusCode !== 200) throw new Error(`sign-in of ${client.name}: ${login.statusCode} ${login.body}`);
      const second = await inject(client, 'POST', '/api/v1/auth/login/second-factor', { code: codeFor(user, clock) });
      keepCookie(client, second);
      if (second.statusCode !== 200)
        throw new Error(`second factor of ${client.name}: ${second.statusCode} ${second.body}`);
      return;
    }
    throw new Error(`sign-in of ${client.name} stayed throttled`);
  }

  async function stillSignedIn(client: FuzzClient): Promise<boolean> {
    if (!client.token) return false;
    const response = await inject(client, 'GET', '/api/v1/me');
    return response.statusCode === 200;
  }

  for (const client of clients) await signIn(client);

  return {
    clients,
    municipalityA,
    municipalityB,
    pools,
    refreshPools,
    signIn,
    stillSignedIn,
    close: () => admin.end(),
  };
}
