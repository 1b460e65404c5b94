// SQL of the demo data generator: finding the municipalities, providers, demo staff and teams it works with,
// reserving participant numbers and removing earlier demo data. (The bulk inserts: platform/db/bulk-insert.ts.)
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface MunicipalityRef {
  id: string;
  name: string;
}

/** A municipality by its official key, else by its name. */
export async function findMunicipality(
  db: Db,
  officialKey: string,
  name: string,
): Promise<MunicipalityRef | undefined> {
  const byKey = await db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('kind', '=', 'municipality')
    .where('official_key', '=', officialKey)
    .executeTakeFirst();
  if (byKey) return byKey;
  return db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('kind', '=', 'municipality')
    .where(sql<boolean>`lower(name) = lower(${name})`)
    .executeTakeFirst();
}

export async function providerNamesServing(db: Db, municipalityId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('provider_municipality as pm')
    .innerJoin('organisation as o', 'o.id', 'pm.provider_id')
    .select('o.name')
    .where('pm.served_municipality_id', '=', municipalityId)
    .execute();
  return rows.map((row) => row.name);
}

/** The providers serving a municipality, ordered by name (the demo catalogue refers to them by position). */
export async function providersServing(db: Db, municipalityId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('provider_municipality as pm')
    .innerJoin('organisation as o', 'o.id', 'pm.provider_id')
    .select(['o.id', 'o.name'])
    .where('pm.served_municipality_id', '=', municipalityId)
    .orderBy('o.name')
    .orderBy('o.id')
    .execute();
}

/** Of these providers, those without any contact person yet. */
export async function providersWithoutContacts(db: Db, providerIds: readonly string[]): Promise<string[]> {
  if (providerIds.length === 0) return [];
  const rows = await db
    .selectFrom('organisation as o')
    .select('o.id')
    .where('o.id', 'in', [...providerIds])
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('provider_contact as c').select('c.id').whereRef('c.provider_id', '=', 'o.id'))),
    )
    .orderBy('o.name')
    .execute();
  return rows.map((row) => row.id);
}

export async function insertProviderContacts(
  db: Db,
  contacts: readonly { providerId: string; name: string; role: string; email: string; phone: string }[],
): Promise<number> {
  if (contacts.length === 0) return 0;
  await db
    .insertInto('provider_contact')
    .values(
      contacts.map((c) => ({ provider_id: c.providerId, name: c.name, role: c.role, email: c.email, phone: c.phone })),
    )
    .execute();
  return contacts.length;
}

/** Removes offers of the tenant by id (a seed run that failed after writing its catalogue). */
export async function deleteOffers(trx: Transaction<Database>, ids: readonly string[]): Promise<void> {
  if (ids.length > 0)
    await trx
      .deleteFrom('offer')
      .where('id', 'in', [...ids])
      .execute();
}

export async function organisationExists(db: Db, kind: 'provider', name: string): Promise<boolean> {
  const row = await db
    .selectFrom('organisation')
    .select('id')
    .where('kind', '=', kind)
    .where(sql<boolean>`lower(name) = lower(${name})`)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Active demo accounts that may take cases in the municipality: participation managers of the municipality
 * itself, coaches of providers serving it. Only demo accounts: demo cases never land on real staff's caseload.
 */
export async function demoStaff(
  db: Db,
  municipalityId: string,
): Promise<{ participationManagers: string[]; coaches: string[] }> {
  const rows = await db
    .selectFrom('app_user as u')
    .innerJoin('user_role as r', 'r.user_id', 'u.id')
    .select(['u.id', 'r.role'])
    .where('u.is_demo', '=', true)
    .where('u.status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb.and([eb('r.role', '=', 'participation_manager'), eb('u.organisation_id', '=', municipalityId)]),
        eb.and([
          eb('r.role', '=', 'coach'),
          eb(
            'u.organisation_id',
            'in',
            eb
              .selectFrom('provider_municipality')
              .select('provider_id')
              .where('served_municipality_id', '=', municipalityId),
          ),
        ]),
      ]),
    )
    .orderBy('u.email')
    .execute();
  return {
    participationManagers: rows.filter((row) => row.role === 'participation_manager').map((row) => row.id),
    coaches: rows.filter((row) => row.role === 'coach').map((row) => row.id),
  };
}

/** The teams of these names in the transaction's tenant, created where missing; name → id. */
export async function ensureTeams(
  trx: Transaction<Database>,
  municipalityId: string,
  names: readonly string[],
): Promise<{ ids: Map<string, string>; created: string[] }> {
  const created = await trx
    .insertInto('team')
    .values(names.map((name) => ({ municipality_id: municipalityId, name })))
    .onConflict((oc) => oc.columns(['municipality_id', 'name']).doNothing())
    .returning(['id', 'name'])
    .execute();
  const rows = await trx
    .selectFrom('team')
    .select(['id', 'name'])
    .where('name', 'in', [...names])
    .execute();
  return { ids: new Map(rows.map((row) => [row.name, row.id])), created: created.map((row) => row.id) };
}

export async function addTeamMembers(
  trx: Transaction<Database>,
  municipalityId: string,
  teamIds: readonly string[],
  userIds: readonly string[],
): Promise<void> {
  const values = teamIds.flatMap((teamId) =>
    userIds.map((userId) => ({ municipality_id: municipalityId, team_id: teamId, user_id: userId })),
  );
  if (values.length === 0) return;
  await trx
    .insertInto('team_member')
    .values(values)
    .onConflict((oc) => oc.columns(['municipality_id', 'team_id', 'user_id']).doNothing())
    .execute();
}

export interface DemoDataCounts {
  participants: number;
  cases: number;
}

/** Demo participants and their cases in the transaction's tenant. */
export async function countDemoData(trx: Transaction<Database>): Promise<DemoDataCounts> {
  const participants = await trx
    .selectFrom('participant')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('is_demo', '=', true)
    .executeTakeFirstOrThrow();
  const cases = await trx
    .selectFrom('participant_case')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('is_demo', '=', true)
    .executeTakeFirstOrThrow();
  return { participants: Number(participants.n), cases: Number(cases.n) };
}

const CASE_CHILDREN = [
  'case_contact',
  'case_referral',
  'case_conference',
  'case_document',
  'case_step',
  'case_goal',
  'case_assessment',
  'case_assignment',
] as const;
const PARTICIPANT_CHILDREN = [
  'participant_residence_status',
  'participant_language',
  'participant_schooling',
  'participant_consent',
] as const;

/**
 * Removes the demo participants of the tenant with everything recorded about them. The child tables are
 * emptied first, set-wise: left to the cascades, every deleted parent row would look up its children one by
 * one. Tables this list does not know still go by their cascades.
 */
export async function deleteDemoData(trx: Transaction<Database>): Promise<DemoDataCounts> {
  const counts = await countDemoData(trx);
  const demoParticipants = trx.selectFrom('participant').select('id').where('is_demo', '=', true);
  for (const table of ['measure_career_alert', 'enrolment'] as const) {
    await trx.deleteFrom(table).where('participant_id', 'in', demoParticipants).execute();
  }
  for (const table of [...CASE_CHILDREN, ...PARTICIPANT_CHILDREN]) {
    await trx.deleteFrom(table).where('participant_id', 'in', demoParticipants).execute();
  }
  await trx.deleteFrom('participant_case').where('participant_id', 'in', demoParticipants).execute();
  await trx.deleteFrom('participant').where('is_demo', '=', true).execute();
  // The demo catalogue goes with them, but for an offer that real records (enrolments, feedback, quality
  // dialogues) refer to: that one stays.
  await trx
    .deleteFrom('offer')
    .where('is_demo', '=', true)
    .where((eb) =>
      eb.and([
        eb.not(eb.exists(eb.selectFrom('enrolment as e').select('e.id').whereRef('e.offer_id', '=', 'offer.id'))),
        eb.not(
          eb.exists(eb.selectFrom('feedback_response as f').select('f.id').whereRef('f.offer_id', '=', 'offer.id')),
        ),
        eb.not(
          eb.exists(eb.selectFrom('quality_dialogue as q').select('q.id').whereRef('q.offer_id', '=', 'offer.id')),
        ),
      ]),
    )
    .execute();
  return counts;
}

/** A bulk operation of the operator: statements may run longer than a request's limit allows. */
export async function allowLongStatements(trx: Transaction<Database>): Promise<void> {
  await sql`set local statement_timeout = '15min'`.execute(trx);
}

/**
 * Reserves `count` consecutive participant numbers of the municipality and returns the first. The counter row
 * stays locked until the transaction ends, so that numbers issued meanwhile by intake wait and stay unique.
 */
export async function reserveParticipantNumbers(
  trx: Transaction<Database>,
  municipalityId: string,
  count: number,
): Promise<number> {
  const row = await trx
    .insertInto('participant_number_counter')
    .values({ municipality_id: municipalityId, last_value: count })
    .onConflict((oc) =>
      oc
        .column('municipality_id')
        .doUpdateSet({ last_value: sql<number>`participant_number_counter.last_value + ${count}` }),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return row.last_value - count + 1;
}
