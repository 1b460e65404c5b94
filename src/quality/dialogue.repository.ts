// SQL of quality dialogues and their actions. Runs inside the municipality's tenant transaction.
import { sql, type Kysely, type RawBuilder, type Selectable, type SqlBool, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import type { QualityActionTable, QualityDialogueTable } from './quality.table.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type DialogueRow = Selectable<QualityDialogueTable>;
export type ActionRow = Selectable<QualityActionTable>;

export interface DialogueSummaryRow extends DialogueRow {
  provider_name: string;
  offer_title: string | null;
  open_actions: number;
  overdue_actions: number;
}

const SUMMARY_COLUMNS = (today: string) => sql`
  d.*, org.name as provider_name, o.title as offer_title,
  (select count(*)::int from quality_action a
    where a.municipality_id = d.municipality_id and a.dialogue_id = d.id and a.status = 'open') as open_actions,
  (select count(*)::int from quality_action a
    where a.municipality_id = d.municipality_id and a.dialogue_id = d.id and a.status = 'open'
      and a.due_on < ${today}::date) as overdue_actions`;

const FROM = sql`
  quality_dialogue d
  join organisation org on org.id = d.provider_id
  left join offer o on o.municipality_id = d.municipality_id and o.id = d.offer_id`;

/** The provider is a provider organisation serving this municipality. */
export async function providerServes(db: Db, providerId: string, municipalityId: string): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean }>`
    select exists (select 1 from organisation org
                     join provider_municipality pm on pm.provider_id = org.id
                    where org.id = ${providerId}::uuid and org.kind = 'provider'
                      and pm.served_municipality_id = ${municipalityId}::uuid) as ok`.execute(db);
  return rows[0]?.ok ?? false;
}

export async function offerProvider(db: Db, offerId: string): Promise<string | undefined> {
  const row = await db.selectFrom('offer').select('provider_id').where('id', '=', offerId).executeTakeFirst();
  return row?.provider_id;
}

export async function findDialogue(
  db: Db,
  id: string,
  today: string,
  options: { lock?: boolean } = {},
): Promise<DialogueSummaryRow | undefined> {
  if (options.lock) {
    await sql`select 1 from quality_dialogue where id = ${id}::uuid for update`.execute(db);
  }
  const { rows } = await sql<DialogueSummaryRow>`select ${SUMMARY_COLUMNS(today)} from ${FROM}
                                                  where d.id = ${id}::uuid`.execute(db);
  return rows[0];
}

export async function actionsOf(db: Db, dialogueId: string): Promise<ActionRow[]> {
  return db
    .selectFrom('quality_action')
    .selectAll()
    .where('dialogue_id', '=', dialogueId)
    .orderBy('due_on', (ob) => ob.asc().nullsLast())
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertDialogue(
  db: Db,
  values: Omit<DialogueRow, 'id' | 'version' | 'created_at' | 'updated_at'>,
): Promise<string> {
  const row = await db.insertInto('quality_dialogue').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateDialogueRow(
  db: Db,
  id: string,
  changes: Partial<Omit<DialogueRow, 'id' | 'municipality_id' | 'provider_id' | 'created_at' | 'created_by'>>,
  at: Date,
): Promise<void> {
  await db
    .updateTable('quality_dialogue')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: at }))
    .where('id', '=', id)
    .execute();
}

export async function deleteDialogueRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('quality_dialogue').where('id', '=', id).execute();
}

export async function insertActions(
  db: Db,
  municipalityId: string,
  dialogueId: string,
  actions: readonly { action: string; owner: string; dueOn: string | null }[],
): Promise<ActionRow[]> {
  if (actions.length === 0) return [];
  return db
    .insertInto('quality_action')
    .values(
      actions.map((a) => ({
        municipality_id: municipalityId,
        dialogue_id: dialogueId,
        action: a.action,
        owner: a.owner,
        due_on: a.dueOn,
        done_on: null,
      })),
    )
    .returningAll()
    .execute();
}

export async function findAction(db: Db, dialogueId: string, actionId: string): Promise<ActionRow | undefined> {
  return db
    .selectFrom('quality_action')
    .selectAll()
    .where('dialogue_id', '=', dialogueId)
    .where('id', '=', actionId)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateActionRow(
  db: Db,
  id: string,
  changes: Partial<Pick<ActionRow, 'action' | 'owner' | 'due_on' | 'status' | 'done_on'>>,
  at: Date,
): Promise<ActionRow> {
  return db
    .updateTable('quality_action')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: at }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteActionRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('quality_action').where('id', '=', id).execute();
}

export interface DialogueSearch {
  today: string;
  /** Only this provider's dialogues (provider staff: always their own). */
  providerId?: string | undefined;
  offerId?: string | undefined;
  overdue?: boolean | undefined;
  direction: 'asc' | 'desc';
  /** The last row of the previous page (held_on as text, id). */
  after: { value: string; id: string } | undefined;
  limit: number;
}

export async function searchDialogues(db: Db, search: DialogueSearch): Promise<DialogueSummaryRow[]> {
  const conditions: RawBuilder<SqlBool>[] = [sql<SqlBool>`true`];
  if (search.providerId !== undefined) conditions.push(sql<SqlBool>`d.provider_id = ${search.providerId}::uuid`);
  if (search.offerId !== undefined) conditions.push(sql<SqlBool>`d.offer_id = ${search.offerId}::uuid`);
  const flagged = sql<SqlBool>`(exists (select 1 from quality_action a
      where a.municipality_id = d.municipality_id and a.dialogue_id = d.id and a.status = 'open'
        and a.due_on < ${search.today}::date)
    or (d.follow_up_on <= ${search.today}::date and d.follow_up_notes is null))`;
  if (search.overdue === true) conditions.push(flagged);
  if (search.overdue === false) conditions.push(sql<SqlBool>`not ${flagged}`);
  const direction = sql.raw(search.direction);
  if (search.after) {
    const op = sql.raw(search.direction === 'asc' ? '>' : '<');
    conditions.push(sql<SqlBool>`(d.held_on::text, d.id) ${op} (${search.after.value}, ${search.after.id}::uuid)`);
  }
  const { rows } = await sql<DialogueSummaryRow>`
    select ${SUMMARY_COLUMNS(search.today)} from ${FROM}
     where ${sql.join(conditions, sql` and `)}
     order by d.held_on::text ${direction}, d.id ${direction}
     limit ${search.limit + 1}`.execute(db);
  return rows;
}
