// SQL of programmes and their versions, and of the state budgets and caps a version's definition implies.
// Programmes are shared reference data (no tenant); the grant counts per version read funding_grant, a tenant
// table, so they count what the transaction's tenant scope lets the actor see.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import type { ImpliedStateBudget } from './programme.rules.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface ProgrammeRow {
  id: string;
  code: string;
  current_version: number;
  version: number;
  created_at: Date;
  updated_at: Date;
  /** The definition of the current version, as stored (validated on read by the service). */
  definition: unknown;
}

export interface ProgrammeVersionRow {
  programme_id: string;
  version: number;
  definition: unknown;
  note: string | null;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
}

const PROGRAMME = sql`
  select p.id, p.code, p.current_version, p.version, p.created_at, p.updated_at, v.definition
    from funding_programme p
    join funding_programme_version v on v.programme_id = p.id and v.version = p.current_version`;

export async function listProgrammes(db: Db): Promise<ProgrammeRow[]> {
  const { rows } = await sql<ProgrammeRow>`${PROGRAMME} order by p.code`.execute(db);
  return rows;
}

export async function findProgramme(db: Db, id: string, options: { lock?: boolean } = {}) {
  if (options.lock) await sql`select 1 from funding_programme where id = ${id}::uuid for update`.execute(db);
  const { rows } = await sql<ProgrammeRow>`${PROGRAMME} where p.id = ${id}::uuid`.execute(db);
  return rows[0];
}

export async function findProgrammeByCode(db: Db, code: string): Promise<ProgrammeRow | undefined> {
  const { rows } = await sql<ProgrammeRow>`${PROGRAMME} where p.code = ${code}`.execute(db);
  return rows[0];
}

export async function listVersions(db: Db, programmeId: string): Promise<ProgrammeVersionRow[]> {
  const { rows } = await sql<ProgrammeVersionRow>`
    select v.programme_id, v.version, v.definition, v.note, v.created_by, u.display_name as created_by_name,
           v.created_at
      from funding_programme_version v
      left join app_user u on u.id = v.created_by
     where v.programme_id = ${programmeId}::uuid
     order by v.version desc`.execute(db);
  return rows;
}

export async function findVersion(db: Db, programmeId: string, version: number) {
  const { rows } = await sql<ProgrammeVersionRow>`
    select v.programme_id, v.version, v.definition, v.note, v.created_by, u.display_name as created_by_name,
           v.created_at
      from funding_programme_version v
      left join app_user u on u.id = v.created_by
     where v.programme_id = ${programmeId}::uuid and v.version = ${version}`.execute(db);
  return rows[0];
}

/** Decided grants per programme version, as far as the transaction's tenant scope reaches. */
export async function grantCountsByVersion(db: Db, programmeId: string): Promise<Map<number, number>> {
  const { rows } = await sql<{ programme_version: number; n: number }>`
    select programme_version, count(*)::int as n from funding_grant
     where programme_id = ${programmeId}::uuid group by programme_version`.execute(db);
  return new Map(rows.map((row) => [row.programme_version, row.n]));
}

export async function insertProgramme(db: Db, code: string): Promise<string> {
  const row = await db.insertInto('funding_programme').values({ code }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function insertVersion(
  db: Db,
  values: { programmeId: string; version: number; definition: unknown; note: string | null; createdBy: string | null },
): Promise<void> {
  await db
    .insertInto('funding_programme_version')
    .values({
      programme_id: values.programmeId,
      version: values.version,
      definition: JSON.stringify(values.definition),
      note: values.note,
      created_by: values.createdBy,
    })
    .execute();
}

/** Makes `version` the programme's current one (new applications are made under it). */
export async function setCurrentVersion(db: Db, programmeId: string, version: number): Promise<number> {
  const row = await db
    .updateTable('funding_programme')
    .set((eb) => ({ current_version: version, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', programmeId)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

/**
 * Writes the state budgets a definition implies: a row that does not exist is created; an existing row gets the
 * new amount (the database refuses less than is allocated: programme_budget_not_over_allocated).
 */
export async function upsertStateBudgets(
  db: Db,
  programmeId: string,
  budgets: readonly ImpliedStateBudget[],
  userId: string | null,
): Promise<void> {
  for (const budget of budgets) {
    await sql`
      insert into programme_budget (programme_id, strand, budget_year, amount_cents, central, updated_by)
      values (${programmeId}::uuid, ${budget.strand}, ${budget.budgetYear}, ${budget.amountCents},
              ${budget.central}, ${userId}::uuid)
      on conflict (programme_id, strand, budget_year) do update
        set amount_cents = excluded.amount_cents, central = excluded.central,
            updated_by = excluded.updated_by, updated_at = now(), version = programme_budget.version + 1
        where programme_budget.amount_cents is distinct from excluded.amount_cents
           or programme_budget.central is distinct from excluded.central`.execute(db);
  }
}

/** Writes the caps a definition implies (the database refuses a cap below what is committed). */
export async function upsertCaps(
  db: Db,
  programmeId: string,
  caps: readonly { strand: string; capCents: number }[],
): Promise<void> {
  for (const cap of caps) {
    await sql`
      insert into programme_strand_cap (programme_id, strand, cap_cents)
      values (${programmeId}::uuid, ${cap.strand}, ${cap.capCents})
      on conflict (programme_id, strand) do update
        set cap_cents = excluded.cap_cents, updated_at = now(), version = programme_strand_cap.version + 1
        where programme_strand_cap.cap_cents <> excluded.cap_cents`.execute(db);
  }
}
