import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import type { OrganisationKind, OrganisationTable, TeamTable } from './organisation.table.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type OrganisationRow = Selectable<OrganisationTable> & { municipality_ids: string[] };

function withMunicipalities(db: Db) {
  return db
    .selectFrom('organisation as o')
    .selectAll('o')
    .select(
      sql<string[]>`coalesce((select array_agg(pm.served_municipality_id order by pm.served_municipality_id)
        from provider_municipality pm where pm.provider_id = o.id), '{}')`.as('municipality_ids'),
    );
}

export async function findOrganisation(db: Db, id: string): Promise<OrganisationRow | undefined> {
  return withMunicipalities(db).where('o.id', '=', id).executeTakeFirst();
}

export async function findOrganisationsByIds(db: Db, ids: readonly string[]): Promise<OrganisationRow[]> {
  if (ids.length === 0) return [];
  return withMunicipalities(db)
    .where('o.id', 'in', [...ids])
    .execute();
}

export interface OrganisationFilter {
  kind?: OrganisationKind | undefined;
  q?: string | undefined;
  after?: { name: string; id: string } | undefined;
  limit: number;
}

export async function listOrganisations(db: Db, filter: OrganisationFilter): Promise<OrganisationRow[]> {
  let query = withMunicipalities(db);
  if (filter.kind) query = query.where('o.kind', '=', filter.kind);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('o.name', 'ilike', pattern), eb('o.short_name', 'ilike', pattern)]));
  }
  if (filter.after) {
    const { name, id } = filter.after;
    query = query.where(sql<boolean>`(o.name, o.id) > (${name}, ${id}::uuid)`);
  }
  return query.orderBy('o.name').orderBy('o.id').limit(filter.limit).execute();
}

export type OrganisationValues = Omit<
  OrganisationTable,
  'id' | 'version' | 'created_at' | 'updated_at' | 'is_demo' | 'alliance_member' | 'budget_recovery'
> & { alliance_member: boolean; budget_recovery: boolean; is_demo?: boolean };

export async function insertOrganisation(db: Db, values: OrganisationValues): Promise<string> {
  const row = await db.insertInto('organisation').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Updates when the version still matches; returns false when someone else changed it first. */
export async function updateOrganisation(
  db: Db,
  id: string,
  expectedVersion: number,
  values: Partial<OrganisationValues>,
): Promise<boolean> {
  const result = await db
    .updateTable('organisation')
    .set({ ...values, version: sql<number>`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function replaceProviderMunicipalities(db: Db, providerId: string, municipalityIds: readonly string[]) {
  await db.deleteFrom('provider_municipality').where('provider_id', '=', providerId).execute();
  if (municipalityIds.length > 0) {
    await db
      .insertInto('provider_municipality')
      .values(municipalityIds.map((served_municipality_id) => ({ served_municipality_id, provider_id: providerId })))
      .execute();
  }
}

export async function countOrganisationsOfKind(
  db: Db,
  ids: readonly string[],
  kind: OrganisationKind,
): Promise<number> {
  if (ids.length === 0) return 0;
  const row = await db
    .selectFrom('organisation')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('id', 'in', [...ids])
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listTeams(db: Db): Promise<Selectable<TeamTable>[]> {
  // Row-level security limits this to the transaction's municipality.
  return db.selectFrom('team').selectAll().orderBy('name').execute();
}

export async function insertTeam(db: Db, municipalityId: string, name: string): Promise<Selectable<TeamTable>> {
  return db
    .insertInto('team')
    .values({ municipality_id: municipalityId, name })
    .returningAll()
    .executeTakeFirstOrThrow();
}
