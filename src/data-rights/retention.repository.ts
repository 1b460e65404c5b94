// SQL of the retention policy (retention_rule) and of the facts the retention decision needs per participant.
// Every function runs inside the caller's tenant transaction (row-level security picks the municipality).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import type { ConsentPurpose } from '../participants/participant.codes.ts';
import type { ParticipantRetentionFacts, RetentionRule } from './retention.rules.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface RetentionRuleRow extends RetentionRule {
  version: number;
  updatedAt: Date;
  updatedBy: string | null;
}

export async function listRetentionRules(trx: Db, options: { lock?: boolean } = {}): Promise<RetentionRuleRow[]> {
  let query = trx.selectFrom('retention_rule').selectAll().orderBy('class');
  if (options.lock) query = query.forUpdate();
  const rows = await query.execute();
  return rows.map((row) => ({
    class: row.class,
    periodMonths: row.period_months,
    action: row.action,
    enabled: row.enabled,
    version: row.version,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  }));
}

/** Inserts or changes one class; a changed row gets version + 1. */
export async function upsertRetentionRule(
  trx: Db,
  municipalityId: string,
  rule: RetentionRule,
  by: string | null,
  at: Date,
): Promise<void> {
  await trx
    .insertInto('retention_rule')
    .values({
      municipality_id: municipalityId,
      class: rule.class,
      period_months: rule.periodMonths,
      action: rule.action,
      enabled: rule.enabled,
      updated_by: by,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc.columns(['municipality_id', 'class']).doUpdateSet((eb) => ({
        period_months: eb.ref('excluded.period_months'),
        action: eb.ref('excluded.action'),
        enabled: eb.ref('excluded.enabled'),
        updated_by: eb.ref('excluded.updated_by'),
        updated_at: eb.ref('excluded.updated_at'),
        version: sql<number>`retention_rule.version + 1`,
      })),
    )
    .execute();
}

interface FactsRow {
  id: string;
  cases: number;
  open_cases: number;
  last_case_end: string | null;
  last_change: Date;
  anonymised_at: Date | null;
  blocked: boolean;
  contact: boolean;
  photos: number;
  consents: { purpose: ConsentPurpose; revokedOn: string | null }[];
}

/**
 * Retention facts of every person in the tenant (or of one): one entry per record that is not merged into
 * another, with the facts of the records merged into it (the same person) counted in.
 */
export async function retentionFacts(
  trx: Db,
  options: { participantId?: string } = {},
): Promise<ParticipantRetentionFacts[]> {
  const only = options.participantId ? sql`and p.id = ${options.participantId}` : sql``;
  const result = await sql<FactsRow>`
    with recursive grp(id, root_id) as (
      select p.id, p.id from participant p where p.merged_into_id is null ${only}
      union all
      select c.id, grp.root_id from participant c join grp on c.merged_into_id = grp.id
    )
    select r.id, r.anonymised_at, r.blocked_at is not null as blocked,
      (select count(*)::int from participant_case c join grp g on g.id = c.participant_id where g.root_id = r.id)
        as cases,
      (select count(*)::int from participant_case c join grp g on g.id = c.participant_id
        where g.root_id = r.id and c.exited_on is null) as open_cases,
      (select max(greatest(c.exited_on, c.followed_up_on)) from participant_case c join grp g on g.id = c.participant_id
        where g.root_id = r.id and c.exited_on is not null) as last_case_end,
      (select greatest(max(p.updated_at),
                       max((select max(s.created_at) from participant_residence_status s where s.participant_id = p.id)),
                       max((select max(l.created_at) from participant_language l where l.participant_id = p.id)),
                       max((select max(s.created_at) from participant_schooling s where s.participant_id = p.id)),
                       max((select max(k.created_at) from participant_consent k where k.participant_id = p.id)))
         from participant p join grp g on g.id = p.id where g.root_id = r.id) as last_change,
      exists (select 1 from participant p join grp g on g.id = p.id where g.root_id = r.id
               and (p.phone is not null or p.email is not null or p.street is not null or p.postcode is not null))
        as contact,
      (select count(*)::int from case_document d join grp g on g.id = d.participant_id
        where g.root_id = r.id and d.kind = 'other' and lower(btrim(d.content_type)) like 'image/%') as photos,
      coalesce((select json_agg(json_build_object('purpose', k.purpose, 'revokedOn', k.revoked_on))
                  from participant_consent k join grp g on g.id = k.participant_id where g.root_id = r.id), '[]')
        as consents
    from participant r
    where r.merged_into_id is null and r.id in (select root_id from grp)
    order by r.id`.execute(trx);
  return result.rows.map((row) => ({
    participantId: row.id,
    cases: row.cases,
    openCases: row.open_cases,
    lastCaseEnd: row.last_case_end,
    lastChange: row.last_change,
    anonymisedAt: row.anonymised_at,
    blocked: row.blocked,
    consents: row.consents,
    contactDetailsPresent: row.contact,
    photoDocuments: row.photos,
  }));
}
