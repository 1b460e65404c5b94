// SQL of participant imports: the import record and its progress, the stored records a file refers to (by
// external id) or resembles (by name keys), and the writes of a batch. Every function runs in a tenant
// transaction; row-level security keeps it in that municipality.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import type { ParticipantImportTable } from '../data-rights/data-rights.table.ts';
import type { ParticipantTable } from '../participants/participant.table.ts';
import type { Expression, SqlBool } from 'kysely';

type Trx = Transaction<Database>;
type Db = Kysely<Database> | Trx;

export type ImportRow = Selectable<ParticipantImportTable>;

export async function insertImport(
  trx: Trx,
  values: { municipality_id: string; file_name: string; skip_invalid: boolean; created_by: string | null },
): Promise<ImportRow> {
  return trx.insertInto('participant_import').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findImport(db: Db, id: string): Promise<ImportRow | undefined> {
  return db.selectFrom('participant_import').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listImports(
  db: Db,
  filter: {
    status?: ImportRow['status'] | undefined;
    direction: 'asc' | 'desc';
    after?: ((createdAt: Expression<unknown>, id: Expression<unknown>) => Expression<SqlBool>) | undefined;
    limit: number;
  },
): Promise<ImportRow[]> {
  let query = db.selectFrom('participant_import').selectAll();
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.after) {
    const condition = filter.after;
    query = query.where((eb) => condition(eb.ref('created_at'), eb.ref('id')));
  }
  return query.orderBy('created_at', filter.direction).orderBy('id', filter.direction).limit(filter.limit).execute();
}

export async function updateImport(
  trx: Trx,
  id: string,
  values: Partial<
    Pick<
      ImportRow,
      'status' | 'total_rows' | 'processed_rows' | 'created_rows' | 'unchanged_rows' | 'skipped_rows' | 'finished_at'
    >
  > & { errors?: string },
): Promise<void> {
  await trx.updateTable('participant_import').set(values).where('id', '=', id).execute();
}

/** Progress of a batch, added to the counts within the batch's transaction. */
export async function addProgress(
  trx: Trx,
  id: string,
  delta: { processed: number; created: number; unchanged: number },
): Promise<void> {
  await trx
    .updateTable('participant_import')
    .set({
      processed_rows: sql<number>`processed_rows + ${delta.processed}`,
      created_rows: sql<number>`created_rows + ${delta.created}`,
      unchanged_rows: sql<number>`unchanged_rows + ${delta.unchanged}`,
    })
    .where('id', '=', id)
    .execute();
}

export type StoredParticipant = Pick<
  Selectable<ParticipantTable>,
  | 'id'
  | 'external_id'
  | 'family_name'
  | 'given_names'
  | 'family_name_original'
  | 'given_names_original'
  | 'birth_date'
  | 'birth_date_precision'
  | 'gender'
  | 'countries_of_origin'
  | 'nationalities'
  | 'phone'
  | 'email'
  | 'street'
  | 'postcode'
  | 'city'
  | 'city_district'
  | 'accommodation'
  | 'work_permission'
  | 'benefits'
  | 'vocational_experience'
  | 'excluded_offender'
  | 'restricted'
  | 'blocked_at'
  | 'merged_into_id'
  | 'anonymised_at'
> & {
  /** Users currently assigned to one of the person's cases, and the teams of the cases (access facts). */
  assigned_user_ids: string[];
  team_ids: string[];
  /** Residence statuses, languages and schooling, to add only what the record does not have yet. */
  statuses: { status: string; valid_from: string; valid_to: string | null; id: string }[];
  languages: { language: string; level: string }[];
  schooling: { qualification: string; country: string | null }[];
};

/** The records with these external ids, with what an update compares and its access facts. */
export async function participantsByExternalId(trx: Trx, externalIds: readonly string[]): Promise<StoredParticipant[]> {
  if (externalIds.length === 0) return [];
  const rows = await trx
    .selectFrom('participant as p')
    .select([
      'p.id',
      'p.external_id',
      'p.family_name',
      'p.given_names',
      'p.family_name_original',
      'p.given_names_original',
      'p.birth_date',
      'p.birth_date_precision',
      'p.gender',
      'p.countries_of_origin',
      'p.nationalities',
      'p.phone',
      'p.email',
      'p.street',
      'p.postcode',
      'p.city',
      'p.city_district',
      'p.accommodation',
      'p.work_permission',
      'p.benefits',
      'p.vocational_experience',
      'p.excluded_offender',
      'p.restricted',
      'p.blocked_at',
      'p.merged_into_id',
      'p.anonymised_at',
      sql<string[]>`coalesce((select array_agg(distinct a.user_id) from case_assignment a
        where a.participant_id = p.id and a.ended_at is null), '{}')`.as('assigned_user_ids'),
      sql<string[]>`coalesce((select array_agg(distinct c.team_id) from participant_case c
        where c.participant_id = p.id and c.team_id is not null), '{}')`.as('team_ids'),
      sql<StoredParticipant['statuses']>`coalesce((select json_agg(json_build_object('id', s.id, 'status', s.status,
        'valid_from', s.valid_from, 'valid_to', s.valid_to) order by s.valid_from)
        from participant_residence_status s where s.participant_id = p.id), '[]')`.as('statuses'),
      sql<StoredParticipant['languages']>`coalesce((select json_agg(json_build_object('language', l.language,
        'level', l.level)) from participant_language l where l.participant_id = p.id), '[]')`.as('languages'),
      sql<StoredParticipant['schooling']>`coalesce((select json_agg(json_build_object('qualification',
        s.qualification, 'country', s.country)) from participant_schooling s where s.participant_id = p.id), '[]')`.as(
        'schooling',
      ),
    ])
    .where('p.external_id', 'in', [...externalIds])
    .execute();
  return rows;
}

export interface SimilarRecord {
  id: string;
  number: string;
  family_name: string;
  given_names: string;
  family_name_original: string | null;
  given_names_original: string | null;
  birth_date: string | null;
  birth_date_precision: Selectable<ParticipantTable>['birth_date_precision'];
  external_id: string | null;
}

/** Records sharing a name key with the given keys (candidates for the duplicate check); merged ones left out. */
export async function participantsWithNameKeys(trx: Trx, keys: readonly string[]): Promise<SimilarRecord[]> {
  if (keys.length === 0) return [];
  return trx
    .selectFrom('participant')
    .select([
      'id',
      'number',
      'family_name',
      'given_names',
      'family_name_original',
      'given_names_original',
      'birth_date',
      'birth_date_precision',
      'external_id',
    ])
    .where(sql<boolean>`name_keys && ${sql.val([...keys])}::text[]`)
    .where('merged_into_id', 'is', null)
    .where('anonymised_at', 'is', null)
    .execute();
}

/** Reserves `count` consecutive numbers of the municipality (locked until commit); returns the first. */
export async function reserveNumbers(trx: Trx, municipalityId: string, count: number): Promise<number> {
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

/** Changes the given columns of a record, moving its version and update time. */
export async function updateParticipantColumns(
  trx: Trx,
  id: string,
  values: Record<string, unknown>,
  at: Date,
): Promise<void> {
  await trx
    .updateTable('participant')
    .set({ ...(values as object), version: sql<number>`version + 1`, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** Ends an open-ended residence status (a newer one starts). */
export async function endResidenceStatus(trx: Trx, id: string, validTo: string): Promise<void> {
  await trx.updateTable('participant_residence_status').set({ valid_to: validTo }).where('id', '=', id).execute();
}

/** A municipality by id or exact name (case-insensitive). */
export async function findMunicipality(db: Db, idOrName: string): Promise<{ id: string; name: string } | undefined> {
  const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrName);
  return db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('kind', '=', 'municipality')
    .where(isId ? sql<boolean>`id = ${idOrName}::uuid` : sql<boolean>`lower(name) = lower(${idOrName})`)
    .executeTakeFirst();
}
