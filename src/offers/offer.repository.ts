// SQL of the offer catalogue: the providers serving a municipality with their contact persons, and the
// offers with their seat counts. Offer queries run in a tenant transaction (row-level security keeps them to
// the municipality); providers and contacts are shared reference data and are always looked up together with
// the municipality they must serve.
import {
  sql,
  type Insertable,
  type Kysely,
  type RawBuilder,
  type Selectable,
  type SqlBool,
  type Updateable,
} from 'kysely';
import type { Database } from '../database.ts';
import { cefrLevels, type CefrLevel } from '../participants/participant.codes.ts';
import type { OfferStatus, OfferStrand, OfferType } from './offer.codes.ts';
import type { OfferSortField } from './offer.schema.ts';
import type { OfferTable, ProviderContactTable } from './offer.table.ts';

type Db = Kysely<Database>;

// --- Providers ---------------------------------------------------------------------------------------------

export interface ProviderRow {
  id: string;
  name: string;
  short_name: string | null;
  offer_count: number;
  current_offer_count: number;
  contact_count: number;
}

/** The providers serving the municipality, by name, with their offers there (RLS counts only the tenant's). */
export async function listProviders(db: Db, municipalityId: string): Promise<ProviderRow[]> {
  const { rows } = await sql<ProviderRow>`
    select o.id, o.name, o.short_name,
           (select count(*)::int from offer f where f.municipality_id = ${municipalityId}::uuid and f.provider_id = o.id)
             as offer_count,
           (select count(*)::int from offer f where f.municipality_id = ${municipalityId}::uuid and f.provider_id = o.id
               and f.status in ('open', 'running')) as current_offer_count,
           (select count(*)::int from provider_contact c where c.provider_id = o.id) as contact_count
      from organisation o
      join provider_municipality pm on pm.provider_id = o.id and pm.served_municipality_id = ${municipalityId}::uuid
     where o.kind = 'provider'
     order by lower(o.name), o.id`.execute(db);
  return rows;
}

/** The provider if it is one and serves the municipality; undefined otherwise. */
export async function findServingProvider(
  db: Db,
  providerId: string,
  municipalityId: string,
): Promise<{ id: string; name: string } | undefined> {
  return db
    .selectFrom('organisation as o')
    .innerJoin('provider_municipality as pm', (join) =>
      join.onRef('pm.provider_id', '=', 'o.id').on('pm.served_municipality_id', '=', municipalityId),
    )
    .select(['o.id', 'o.name'])
    .where('o.id', '=', providerId)
    .where('o.kind', '=', 'provider')
    .executeTakeFirst();
}

export type ContactRow = Selectable<ProviderContactTable>;

export async function listContacts(db: Db, providerId: string): Promise<ContactRow[]> {
  return db
    .selectFrom('provider_contact')
    .selectAll()
    .where('provider_id', '=', providerId)
    .orderBy(sql`lower(name)`)
    .orderBy('id')
    .execute();
}

export async function findContact(
  db: Db,
  providerId: string,
  contactId: string,
  lock = false,
): Promise<ContactRow | undefined> {
  let query = db
    .selectFrom('provider_contact')
    .selectAll()
    .where('provider_id', '=', providerId)
    .where('id', '=', contactId);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function insertContact(db: Db, values: Insertable<ProviderContactTable>): Promise<ContactRow> {
  return db.insertInto('provider_contact').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateContact(
  db: Db,
  contactId: string,
  changes: Updateable<ProviderContactTable>,
  at: Date,
): Promise<ContactRow> {
  return db
    .updateTable('provider_contact')
    .set({ ...changes, version: sql<number>`version + 1`, updated_at: at })
    .where('id', '=', contactId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteContact(db: Db, contactId: string): Promise<void> {
  await db.deleteFrom('provider_contact').where('id', '=', contactId).execute();
}

// --- Offers ------------------------------------------------------------------------------------------------

export type OfferRow = Selectable<OfferTable> & {
  provider_name: string;
  active_count: number;
  waiting_count: number;
};

function seatColumns() {
  return {
    active: sql<number>`(select count(*)::int from enrolment e
        where e.municipality_id = f.municipality_id and e.offer_id = f.id and e.status = 'active')`,
    waiting: sql<number>`(select count(*)::int from enrolment e
        where e.municipality_id = f.municipality_id and e.offer_id = f.id and e.status = 'waiting')`,
  };
}

function offerQuery(db: Db) {
  const seats = seatColumns();
  return db
    .selectFrom('offer as f')
    .innerJoin('organisation as o', 'o.id', 'f.provider_id')
    .selectAll('f')
    .select(['o.name as provider_name', seats.active.as('active_count'), seats.waiting.as('waiting_count')]);
}

/** One offer of the tenant with its provider's name and seat counts; `lock` locks the offer row first. */
export async function findOffer(db: Db, offerId: string, lock = false): Promise<OfferRow | undefined> {
  if (lock) {
    // The lock serialises everything that decides about seats (enrolments, capacity changes): taken before
    // counting, so that the counts cannot change until the transaction ends.
    const locked = await db.selectFrom('offer').select('id').where('id', '=', offerId).forUpdate().executeTakeFirst();
    if (!locked) return undefined;
  }
  return offerQuery(db).where('f.id', '=', offerId).executeTakeFirst();
}

export async function insertOffer(db: Db, values: Insertable<OfferTable>): Promise<string> {
  const row = await db.insertInto('offer').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateOffer(db: Db, offerId: string, changes: Updateable<OfferTable>, at: Date): Promise<void> {
  await db
    .updateTable('offer')
    .set({ ...changes, version: sql<number>`version + 1`, updated_at: at })
    .where('id', '=', offerId)
    .execute();
}

/** Sort keys: never null (keyset pagination compares them as rows), text of one shape each. */
const offerSortKeys: Record<OfferSortField, RawBuilder<string>> = {
  title: sql<string>`lower(f.title)`,
  startsOn: sql<string>`coalesce(to_char(f.starts_on, 'YYYY-MM-DD'), '9999-12-31')`,
  place: sql<string>`lower(f.place)`,
  createdAt: sql<string>`to_char(f.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`,
};

export interface OfferSearch {
  words?: readonly string[] | undefined;
  type?: OfferType | undefined;
  strand?: OfferStrand | 'none' | undefined;
  providerId?: string | undefined;
  place?: string | undefined;
  status?: OfferStatus | undefined;
  hasFreeSeats?: boolean | undefined;
  maxEntryLevel?: CefrLevel | undefined;
  childcare?: boolean | undefined;
  accessible?: boolean | undefined;
  supportLanguage?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  sort: { field: OfferSortField; direction: 'asc' | 'desc' };
  after?: { value: string | number | null; id: string } | undefined;
  limit: number;
}

/** LIKE pattern of a word, its wildcards escaped. */
function containing(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function searchOffers(db: Db, search: OfferSearch): Promise<(OfferRow & { sort_key: string })[]> {
  const key = offerSortKeys[search.sort.field];
  const seats = seatColumns();
  let query = offerQuery(db).select(key.as('sort_key'));
  for (const word of search.words ?? []) {
    const pattern = containing(word);
    query = query.where(sql<SqlBool>`(f.title ilike ${pattern} or coalesce(f.description, '') ilike ${pattern})`);
  }
  if (search.type) query = query.where('f.type', '=', search.type);
  if (search.strand === 'none') query = query.where('f.strand', 'is', null);
  else if (search.strand) query = query.where('f.strand', '=', search.strand);
  if (search.providerId) query = query.where('f.provider_id', '=', search.providerId);
  if (search.place) query = query.where(sql<SqlBool>`lower(f.place) = lower(${search.place})`);
  if (search.status) query = query.where('f.status', '=', search.status);
  if (search.hasFreeSeats !== undefined) {
    // A seat free for a newcomer: more seats free than people already waiting (they come first).
    const free = sql<SqlBool>`(f.capacity is null or f.capacity - ${seats.active} > ${seats.waiting})`;
    query = query.where(search.hasFreeSeats ? free : sql<SqlBool>`not ${free}`);
  }
  if (search.maxEntryLevel) {
    const reachable = cefrLevels.slice(0, cefrLevels.indexOf(search.maxEntryLevel) + 1);
    query = query.where((eb) => eb.or([eb('f.entry_level', 'is', null), eb('f.entry_level', 'in', reachable)]));
  }
  if (search.childcare !== undefined) query = query.where('f.childcare', '=', search.childcare);
  if (search.accessible !== undefined) query = query.where('f.accessible', '=', search.accessible);
  if (search.supportLanguage) {
    query = query.where(sql<SqlBool>`${search.supportLanguage} = any(f.support_languages)`);
  }
  if (search.from) query = query.where(sql<SqlBool>`(f.ends_on is null or f.ends_on >= ${search.from}::date)`);
  if (search.to) query = query.where(sql<SqlBool>`(f.starts_on is null or f.starts_on <= ${search.to}::date)`);
  const direction = search.sort.direction;
  if (search.after) {
    const op = sql.raw(direction === 'asc' ? '>' : '<');
    query = query.where(sql<SqlBool>`(${key}, f.id) ${op} (${search.after.value}, ${search.after.id}::uuid)`);
  }
  return query.orderBy(key, direction).orderBy('f.id', direction).limit(search.limit).execute();
}
