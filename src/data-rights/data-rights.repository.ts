// SQL the data-rights use cases share: the access facts of a participant, names of organisations and staff,
// the municipalities (tenants), and the reading of every row of a person for the Art. 15 export.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import type { PersonTable } from './anonymisation.rules.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface ParticipantAccessRow {
  id: string;
  municipalityId: string;
  number: string;
  version: number;
  restricted: boolean;
  blocked: boolean;
  anonymisedAt: Date | null;
  assignedUserIds: string[];
  teamIds: string[];
  cases: number;
  openCases: number;
}

/**
 * What decides access to a participant: the record's and its cases' restricted flags, the users currently
 * assigned to its cases, and the teams of its cases (as the participants area derives them).
 */
export async function participantAccessFacts(trx: Db, id: string): Promise<ParticipantAccessRow | undefined> {
  const result = await sql<{
    id: string;
    municipality_id: string;
    number: string;
    version: number;
    restricted: boolean;
    blocked: boolean;
    anonymised_at: Date | null;
    assigned: string[];
    teams: string[];
    cases: number;
    open_cases: number;
  }>`
    select p.id, p.municipality_id, p.number, p.version, p.anonymised_at, p.blocked_at is not null as blocked,
      p.restricted or exists (select 1 from participant_case c where c.participant_id = p.id and c.restricted)
        as restricted,
      coalesce(array(select distinct a.user_id from case_assignment a
                      where a.participant_id = p.id and a.ended_at is null), '{}') as assigned,
      coalesce(array(select distinct c.team_id from participant_case c
                      where c.participant_id = p.id and c.team_id is not null), '{}') as teams,
      (select count(*)::int from participant_case c where c.participant_id = p.id) as cases,
      (select count(*)::int from participant_case c where c.participant_id = p.id and c.exited_on is null)
        as open_cases
    from participant p where p.id = ${id}`.execute(trx);
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    number: row.number,
    version: row.version,
    restricted: row.restricted,
    blocked: row.blocked,
    anonymisedAt: row.anonymised_at,
    assignedUserIds: row.assigned,
    teamIds: row.teams,
    cases: row.cases,
    openCases: row.open_cases,
  };
}

export async function municipalityIds(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('organisation')
    .select('id')
    .where('kind', '=', 'municipality')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

export async function organisationNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

export async function userNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('app_user')
    .select(['id', 'display_name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, row.display_name]));
}

/** Titles and providers of offers (an enrolment names its offer by id only). */
export async function offerNames(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, { title: string; provider: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('offer as f')
    .innerJoin('organisation as o', 'o.id', 'f.provider_id')
    .select(['f.id', 'f.title', 'o.name'])
    .where('f.id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, { title: row.title, provider: row.name }]));
}

/**
 * The feedback links made for the person's enrolments: when made, until when valid, whether used, in which
 * language. Never the token's hash (it would only help to forge the link) and never the answers (anonymous,
 * stored without any link to the enrolment).
 */
export async function feedbackInvitationsOf(
  db: Db,
  participantIds: readonly string[],
): Promise<
  { id: string; enrolment_id: string; language: string; created_at: Date; expires_at: Date; used_at: Date | null }[]
> {
  if (participantIds.length === 0) return [];
  return db
    .selectFrom('feedback_invitation as i')
    .innerJoin('enrolment as e', 'e.id', 'i.enrolment_id')
    .select(['i.id', 'i.enrolment_id', 'i.language', 'i.created_at', 'i.expires_at', 'i.used_at'])
    .where('e.participant_id', 'in', [...participantIds])
    .orderBy('i.created_at')
    .orderBy('i.id')
    .execute();
}

/** Order of each table's rows in the export. */
const ORDER: Partial<Record<PersonTable, string>> = {
  participant: 'created_at, id',
  participant_residence_status: 'valid_from, created_at, id',
  participant_case: 'opened_on, created_at, id',
  case_contact: 'occurred_at, id',
  enrolment: 'referred_on, created_at, id',
  measure_career_alert: 'detected_at, id',
  audit_log: 'seq',
  deletion_ledger: 'seq',
};

/** Every row of a person's table (all columns as stored), for the given participant ids. */
export async function personRows(
  trx: Db,
  table: Exclude<PersonTable, 'audit_log'>,
  ids: readonly string[],
): Promise<Record<string, unknown>[]> {
  const key = table === 'participant' ? 'id' : 'participant_id';
  const order = ORDER[table] ?? 'created_at, id';
  const result = await sql<Record<string, unknown>>`
    select * from ${sql.table(table)} where ${sql.ref(key)} = any(${[...ids]}::uuid[])
    order by ${sql.raw(order)}`.execute(trx);
  return result.rows;
}

export interface AuditAboutPerson {
  seq: number;
  occurredAt: Date;
  actorOrganisationId: string | null;
  actorRoles: string[];
  action: string;
  resourceType: string;
  resourceId: string | null;
  participantId: string | null;
  changedFields: string[];
  outcome: string;
}

/**
 * The audit entries about these participants: who (organisation and role) did what with the data when. Staff
 * identities, addresses and browsers stay out (the rights of others, Art. 15(4) GDPR; CJEU C-579/21).
 */
export async function auditAboutPerson(trx: Db, ids: readonly string[]): Promise<AuditAboutPerson[]> {
  const rows = await trx
    .selectFrom('audit_log')
    .select([
      'seq',
      'occurred_at',
      'actor_organisation_id',
      'actor_roles',
      'action',
      'resource_type',
      'resource_id',
      'participant_id',
      'changed_fields',
      'outcome',
    ])
    .where('participant_id', 'in', [...ids])
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({
    seq: Number(row.seq),
    occurredAt: row.occurred_at,
    actorOrganisationId: row.actor_organisation_id,
    actorRoles: row.actor_roles,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    participantId: row.participant_id,
    changedFields: row.changed_fields,
    outcome: row.outcome,
  }));
}
