// SQL of what is recorded about a participant (residence statuses, languages, schooling, consents), of the
// municipality's eligibility policy, and of moving a duplicate's rows to the record it is merged into.
import { sql, type Insertable, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { Database } from '../database.ts';
import type {
  MunicipalityPolicyTable,
  ParticipantConsentTable,
  ParticipantLanguageTable,
  ParticipantResidenceStatusTable,
  ParticipantSchoolingTable,
} from './participant.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type ResidenceStatusRow = Selectable<ParticipantResidenceStatusTable>;
export type LanguageRow = Selectable<ParticipantLanguageTable>;
export type SchoolingRow = Selectable<ParticipantSchoolingTable>;
export type ConsentRow = Selectable<ParticipantConsentTable>;

export interface SubRecords {
  residenceStatuses: ResidenceStatusRow[];
  languages: LanguageRow[];
  schooling: SchoolingRow[];
  consents: ConsentRow[];
}

/** The sub-records of one participant, each list in a stable order (oldest first). */
export async function findSubRecords(db: Db, participantId: string): Promise<SubRecords> {
  const [residenceStatuses, languages, schooling, consents] = await Promise.all([
    findResidenceStatuses(db, participantId),
    db
      .selectFrom('participant_language')
      .selectAll()
      .where('participant_id', '=', participantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('participant_schooling')
      .selectAll()
      .where('participant_id', '=', participantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('participant_consent')
      .selectAll()
      .where('participant_id', '=', participantId)
      .orderBy('given_on')
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ]);
  return { residenceStatuses, languages, schooling, consents };
}

export async function findResidenceStatuses(db: Db, participantId: string): Promise<ResidenceStatusRow[]> {
  return db
    .selectFrom('participant_residence_status')
    .selectAll()
    .where('participant_id', '=', participantId)
    .orderBy('valid_from')
    .orderBy('id')
    .execute();
}

type NewRow<T> = Omit<Insertable<T>, 'id' | 'created_at' | 'version'>;

export async function insertResidenceStatus(
  db: Db,
  values: NewRow<ParticipantResidenceStatusTable>,
): Promise<ResidenceStatusRow> {
  return db.insertInto('participant_residence_status').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateResidenceStatus(
  db: Db,
  participantId: string,
  id: string,
  values: Updateable<ParticipantResidenceStatusTable>,
): Promise<void> {
  await db
    .updateTable('participant_residence_status')
    .set(values)
    .where('participant_id', '=', participantId)
    .where('id', '=', id)
    .execute();
}

export async function insertLanguage(db: Db, values: NewRow<ParticipantLanguageTable>): Promise<LanguageRow> {
  return db.insertInto('participant_language').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function insertSchooling(db: Db, values: NewRow<ParticipantSchoolingTable>): Promise<SchoolingRow> {
  return db.insertInto('participant_schooling').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function insertConsent(db: Db, values: NewRow<ParticipantConsentTable>): Promise<ConsentRow> {
  return db.insertInto('participant_consent').values(values).returningAll().executeTakeFirstOrThrow();
}

export const subRecordTables = {
  residenceStatus: 'participant_residence_status',
  language: 'participant_language',
  schooling: 'participant_schooling',
  consent: 'participant_consent',
} as const;
export type SubRecordKind = keyof typeof subRecordTables;

export async function updateLanguage(
  db: Db,
  participantId: string,
  id: string,
  values: Updateable<ParticipantLanguageTable>,
): Promise<void> {
  // A correction may name no field (all optional): nothing to write, and `update … set` with no column is invalid SQL.
  if (Object.keys(values).length === 0) return;
  await db
    .updateTable('participant_language')
    .set(values)
    .where('participant_id', '=', participantId)
    .where('id', '=', id)
    .execute();
}

export async function updateSchooling(
  db: Db,
  participantId: string,
  id: string,
  values: Updateable<ParticipantSchoolingTable>,
): Promise<void> {
  // A correction may name no field (all optional): nothing to write, and `update … set` with no column is invalid SQL.
  if (Object.keys(values).length === 0) return;
  await db
    .updateTable('participant_schooling')
    .set(values)
    .where('participant_id', '=', participantId)
    .where('id', '=', id)
    .execute();
}

export async function revokeConsent(db: Db, participantId: string, id: string, revokedOn: string): Promise<void> {
  await db
    .updateTable('participant_consent')
    .set({ revoked_on: revokedOn, version: sql<number>`version + 1` })
    .where('participant_id', '=', participantId)
    .where('id', '=', id)
    .execute();
}

/** Deletes a wrongly entered sub-record; false when the participant has no such record. */
export async function deleteSubRecord(
  db: Db,
  kind: SubRecordKind,
  participantId: string,
  id: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom(subRecordTables[kind])
    .where('participant_id', '=', participantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Whether a document of one of the participant's cases exists (consents refer to the signed form). */
export async function participantHasDocument(db: Db, participantId: string, documentId: string): Promise<boolean> {
  const row = await db
    .selectFrom('case_document')
    .select('id')
    .where('participant_id', '=', participantId)
    .where('id', '=', documentId)
    .executeTakeFirst();
  return row !== undefined;
}

// --- Municipality policy ------------------------------------------------------------------------------------

export type MunicipalityPolicyRow = Selectable<MunicipalityPolicyTable>;

export async function findMunicipalityPolicy(
  db: Db,
  municipalityId: string,
  lock = false,
): Promise<MunicipalityPolicyRow | undefined> {
  let query = db.selectFrom('municipality_policy').selectAll().where('municipality_id', '=', municipalityId);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Stores the eligibility override; the first one creates the row (the defaults count as version 1). */
export async function saveEligibilityOverride(
  db: Db,
  municipalityId: string,
  expectedVersion: number,
  eligibility: unknown,
  at: Date,
): Promise<boolean> {
  const json = eligibility === null ? null : JSON.stringify(eligibility);
  const existing = await findMunicipalityPolicy(db, municipalityId, true);
  if (!existing) {
    if (expectedVersion !== 1) return false;
    await db
      .insertInto('municipality_policy')
      .values({ municipality_id: municipalityId, eligibility: json, version: 2 })
      .execute();
    return true;
  }
  const result = await db
    .updateTable('municipality_policy')
    .set({ eligibility: json, version: sql<number>`version + 1`, updated_at: at })
    .where('municipality_id', '=', municipalityId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

// --- Merging ------------------------------------------------------------------------------------------------

/** Programmes in which both records have an open case (one open case per programme and participant). */
export async function conflictingOpenCaseProgrammes(db: Db, a: string, b: string): Promise<string[]> {
  const rows = await db
    .selectFrom('participant_case')
    .select('programme')
    .where('participant_id', 'in', [a, b])
    .where('exited_on', 'is', null)
    .groupBy('programme')
    .having(sql<number>`count(distinct participant_id)`, '>', 1)
    .orderBy('programme')
    .execute();
  return rows.map((row) => row.programme);
}

/**
 * Every tenant table with a participant_id the application may change: found in the catalogue, so that a
 * table added later moves along without anyone remembering this list. Evidence tables (the audit log, the
 * deletion ledger) are append-only for the application and keep the duplicate's id as history.
 */
export async function participantReferencingTables(db: Db): Promise<string[]> {
  const rows = await sql<{ table_name: string }>`
    select c.table_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = 'public' and c.column_name = 'participant_id' and t.table_type = 'BASE TABLE'
       and exists (select 1 from information_schema.columns m
                    where m.table_schema = c.table_schema and m.table_name = c.table_name
                      and m.column_name = 'municipality_id')
       and has_table_privilege(current_user, format('%I.%I', c.table_schema, c.table_name), 'UPDATE')
     order by c.table_name`.execute(db);
  return rows.rows.map((row) => row.table_name);
}

/** Points a table's rows of one participant at another; returns how many moved. */
export async function moveParticipantRows(db: Db, table: string, from: string, to: string): Promise<number> {
  const result = await sql`update ${sql.table(table)} set participant_id = ${to}::uuid
                            where participant_id = ${from}::uuid`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** Records merged into the duplicate earlier now point at the survivor, so that no chain forms. */
export async function repointMergedRecords(db: Db, from: string, to: string): Promise<void> {
  await db
    .updateTable('participant')
    .set({ merged_into_id: to, version: sql<number>`version + 1` })
    .where('merged_into_id', '=', from)
    .execute();
}
