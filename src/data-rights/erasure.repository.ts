// SQL of erasure: anonymising or deleting a person's rows (as ANONYMISATION_PLAN says), deleting the data of a
// revoked consent, and the deletion ledger. Every function runs inside the caller's tenant transaction.
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import {
  ANONYMISATION_PLAN,
  ANONYMISED_TEXT,
  participantNumber,
  personTables,
  scrubStructured,
  type ColumnTreatment,
  type PersonTable,
} from './anonymisation.rules.ts';
import type { RetentionAction } from './retention.rules.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface LockedParticipant {
  id: string;
  municipality_id: string;
  version: number;
  anonymised_at: Date | null;
  blocked_at: Date | null;
  merged_into_id: string | null;
}

/** The participant row, locked until the transaction ends (erasure and concurrent changes wait for each other). */
export async function lockParticipant(trx: Db, id: string): Promise<LockedParticipant | undefined> {
  return trx
    .selectFrom('participant')
    .select(['id', 'municipality_id', 'version', 'anonymised_at', 'blocked_at', 'merged_into_id'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** The person's records: the participant and every record merged into it (duplicates), recursively. */
export async function personGroup(trx: Db, id: string): Promise<string[]> {
  const result = await sql<{ id: string }>`
    with recursive grp(id) as (
      select id from participant where id = ${id}
      union
      select p.id from participant p join grp on p.merged_into_id = grp.id
    )
    select id from grp`.execute(trx);
  return result.rows.map((row) => row.id);
}

function idColumn(table: PersonTable): string {
  return table === 'participant' ? 'id' : 'participant_id';
}

/** Rows per table of these participants (the evidence before an erasure). */
export async function countPersonRows(trx: Db, ids: readonly string[]): Promise<Record<string, number>> {
  const selects = personTables
    .filter((table) => table !== 'audit_log' && table !== 'deletion_ledger')
    .map(
      (table) =>
        sql`select ${sql.lit(table)} as table_name, count(*)::int as n from ${sql.table(table)}
              where ${sql.ref(idColumn(table))} = any(${[...ids]}::uuid[])`,
    );
  const result = await sql<{ table_name: string; n: number }>`${sql.join(selects, sql` union all `)}`.execute(trx);
  return Object.fromEntries(result.rows.filter((row) => row.n > 0).map((row) => [row.table_name, row.n]));
}

function treatmentSql(column: string, treatment: ColumnTreatment, at: Date): RawBuilder<unknown> | null {
  switch (treatment) {
    case 'keep':
    case 'renumber':
    case 'scrub_json':
      return null;
    case 'null':
      return sql`null`;
    case 'redact':
      return sql`${ANONYMISED_TEXT}::text`;
    case 'empty_text':
      return sql`''`;
    case 'empty_array':
      return sql`'{}'`;
    case 'empty_json_array':
      return sql`'[]'::jsonb`;
    case 'birth_year':
      return sql`date_trunc('year', ${sql.ref(column)})::date`;
    case 'birth_year_precision':
      return sql`case when birth_date is null then null else 'year' end`;
    case 'false':
      return sql`false`;
    case 'now':
      return sql`${at}::timestamptz`;
    case 'bump':
      return sql`${sql.ref(column)} + 1`;
  }
}

/** A fresh pseudonymous number from the municipality's counter (skipping numbers taken by other means). */
async function freshNumber(trx: Db, municipalityId: string): Promise<string> {
  for (;;) {
    const counter = await sql<{ last_value: number }>`
      insert into participant_number_counter (municipality_id, last_value) values (${municipalityId}, 1)
      on conflict (municipality_id) do update set last_value = participant_number_counter.last_value + 1
      returning last_value`.execute(trx);
    const number = participantNumber(counter.rows[0]?.last_value ?? 1);
    const taken = await trx.selectFrom('participant').select('id').where('number', '=', number).executeTakeFirst();
    if (!taken) return number;
  }
}

/** Anonymises the rows of these participants as the plan says; returns the rows changed or deleted per table. */
export async function anonymiseRows(
  trx: Db,
  municipalityId: string,
  ids: readonly string[],
  at: Date,
): Promise<Record<string, number>> {
  const changed: Record<string, number> = {};
  const idList = [...ids];
  for (const table of personTables) {
    const plan = ANONYMISATION_PLAN[table];
    const key = sql.ref(idColumn(table));
    if (plan.rows === 'keep') continue;
    if (plan.rows === 'delete') {
      const result = await sql`delete from ${sql.table(table)} where ${key} = any(${idList}::uuid[])`.execute(trx);
      const n = Number(result.numAffectedRows ?? 0n);
      if (n > 0) changed[table] = n;
      continue;
    }
    const columns = Object.entries(plan.columns);
    for (const [column, treatment] of columns) {
      if (treatment !== 'scrub_json') continue;
      const rows = await sql<{ id: string; value: unknown }>`
        select id, ${sql.ref(column)} as value from ${sql.table(table)} where ${key} = any(${idList}::uuid[])`.execute(
        trx,
      );
      for (const row of rows.rows) {
        await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${JSON.stringify(scrubStructured(row.value))}::jsonb
                    where id = ${row.id}`.execute(trx);
      }
    }
    const assignments = columns
      .map(([column, treatment]) => [column, treatmentSql(column, treatment, at)] as const)
      .filter((entry): entry is readonly [string, RawBuilder<unknown>] => entry[1] !== null)
      .map(([column, value]) => sql`${sql.ref(column)} = ${value}`);
    const result = await sql`update ${sql.table(table)} set ${sql.join(assignments)}
                               where ${key} = any(${idList}::uuid[])`.execute(trx);
    const n = Number(result.numAffectedRows ?? 0n);
    if (n > 0) changed[table] = n;
    if (table === 'participant') {
      for (const id of idList) {
        await trx
          .updateTable('participant')
          .set({ number: await freshNumber(trx, municipalityId) })
          .where('id', '=', id)
          .execute();
      }
    }
  }
  return changed;
}

/** Deletes these participants; every row referring to them goes with them (foreign keys cascade). */
export async function deleteParticipants(trx: Db, ids: readonly string[]): Promise<number> {
  // One statement: records merged into another one of the group are deleted together with it.
  const result = await trx
    .deleteFrom('participant')
    .where('id', 'in', [...ids])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes phone, e-mail, street and postcode (the data of the follow-up consent). */
export async function deleteContactDetails(trx: Db, ids: readonly string[], at: Date): Promise<number> {
  const result = await trx
    .updateTable('participant')
    .set((eb) => ({
      phone: null,
      email: null,
      street: null,
      postcode: null,
      version: eb('version', '+', 1),
      updated_at: at,
    }))
    .where('id', 'in', [...ids])
    .where((eb) =>
      eb.or([
        eb('phone', 'is not', null),
        eb('email', 'is not', null),
        eb('street', 'is not', null),
        eb('postcode', 'is not', null),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes the photos (documents of kind 'other' in an image format; see isPhotoDocument). */
export async function deletePhotoDocuments(trx: Db, ids: readonly string[]): Promise<number> {
  const result = await trx
    .deleteFrom('case_document')
    .where('participant_id', 'in', [...ids])
    .where('kind', '=', 'other')
    .where(sql<boolean>`lower(btrim(content_type)) like 'image/%'`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Marks the still standing consents of a purpose as revoked (re-applying a revocation lost by a restore). */
export async function revokeStandingConsents(
  trx: Db,
  ids: readonly string[],
  purpose: string,
  revokedOn: string,
): Promise<number> {
  const result = await sql`
    update participant_consent set revoked_on = greatest(${revokedOn}::date, given_on), version = version + 1
     where participant_id = any(${[...ids]}::uuid[]) and purpose = ${purpose} and revoked_on is null`.execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}

export interface LedgerValues {
  municipalityId: string;
  participantId: string;
  subject: 'participant' | 'consent_data';
  action: RetentionAction;
  class: string;
  reason: string;
  executedAt: Date;
  executedBy: string | null;
  evidence: Record<string, unknown>;
}

export async function insertLedgerEntry(trx: Db, values: LedgerValues): Promise<number> {
  const row = await trx
    .insertInto('deletion_ledger')
    .values({
      municipality_id: values.municipalityId,
      participant_id: values.participantId,
      subject: values.subject,
      action: values.action,
      class: values.class,
      reason: values.reason,
      executed_at: values.executedAt,
      executed_by: values.executedBy,
      evidence: JSON.stringify(values.evidence),
    })
    .returning('seq')
    .executeTakeFirstOrThrow();
  return Number(row.seq);
}

export interface LedgerRow {
  seq: number;
  participantId: string;
  subject: 'participant' | 'consent_data';
  action: RetentionAction;
  class: string;
  reason: string;
  executedAt: Date;
  executedBy: string | null;
  evidence: unknown;
}

/** The ledger of the transaction's tenant, oldest first. */
export async function listLedgerEntries(trx: Db): Promise<LedgerRow[]> {
  const rows = await trx.selectFrom('deletion_ledger').selectAll().orderBy('seq').execute();
  return rows.map((row) => ({
    seq: Number(row.seq),
    participantId: row.participant_id,
    subject: row.subject,
    action: row.action,
    class: row.class,
    reason: row.reason,
    executedAt: row.executed_at,
    executedBy: row.executed_by,
    evidence: row.evidence,
  }));
}

/** Which of these ids exist as participants (in the transaction's tenant), with their anonymisation time. */
export async function presentParticipants(
  trx: Db,
  ids: readonly string[],
): Promise<Map<string, { anonymisedAt: Date | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await trx
    .selectFrom('participant')
    .select(['id', 'anonymised_at'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, { anonymisedAt: row.anonymised_at }]));
}
