// SQL of participant feedback: the enrolment facts that decide who may invite, invitations, the staff-filled
// response and the two SECURITY DEFINER functions of the public link (migration 0015). Apart from those two,
// every function runs inside a tenant transaction (withTenant).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import type { EnrolmentStatus } from '../offers/offer.codes.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface EnrolmentForFeedback {
  id: string;
  municipalityId: string;
  participantId: string;
  offerId: string;
  offerTitle: string;
  providerId: string;
  status: EnrolmentStatus;
  assignedUserIds: string[];
  restricted: boolean;
  blocked: boolean;
}

/** One enrolment with the facts of its access check (the person's assigned staff and restricted flag). */
export async function findEnrolmentForFeedback(db: Db, enrolmentId: string): Promise<EnrolmentForFeedback | undefined> {
  const { rows } = await sql<{
    id: string;
    municipality_id: string;
    participant_id: string;
    offer_id: string;
    offer_title: string;
    provider_id: string;
    status: EnrolmentStatus;
    assigned: string[];
    restricted: boolean;
    blocked: boolean;
  }>`
    select e.id, e.municipality_id, e.participant_id, e.offer_id, o.title as offer_title, o.provider_id, e.status,
           coalesce((select array_agg(distinct a.user_id)
                       from case_assignment a
                       join participant_case c on c.municipality_id = a.municipality_id and c.id = a.case_id
                      where c.municipality_id = e.municipality_id and c.participant_id = e.participant_id
                        and a.ended_at is null), '{}') as assigned,
           (p.restricted or exists (select 1 from participant_case c
                                     where c.municipality_id = e.municipality_id and c.participant_id = p.id
                                       and c.restricted)) as restricted,
           (p.blocked_at is not null or p.merged_into_id is not null or p.anonymised_at is not null) as blocked
      from enrolment e
      join offer o on o.municipality_id = e.municipality_id and o.id = e.offer_id
      join participant p on p.municipality_id = e.municipality_id and p.id = e.participant_id
     where e.id = ${enrolmentId}::uuid`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    participantId: row.participant_id,
    offerId: row.offer_id,
    offerTitle: row.offer_title,
    providerId: row.provider_id,
    status: row.status,
    assignedUserIds: row.assigned,
    restricted: row.restricted,
    blocked: row.blocked,
  };
}

/** Locks the enrolment's row, so that invitations of one enrolment are created one after the other. */
export async function lockEnrolment(db: Db, municipalityId: string, enrolmentId: string): Promise<void> {
  await sql`select 1 from enrolment where municipality_id = ${municipalityId}::uuid and id = ${enrolmentId}::uuid
             for update`.execute(db);
}

export async function countInvitations(db: Db, municipalityId: string, enrolmentId: string): Promise<number> {
  const row = await db
    .selectFrom('feedback_invitation')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('municipality_id', '=', municipalityId)
    .where('enrolment_id', '=', enrolmentId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Ends the enrolment's unused links: a new link replaces them (whether one was used is never told). */
export async function expireOpenInvitations(db: Db, municipalityId: string, enrolmentId: string, at: Date) {
  await db
    .updateTable('feedback_invitation')
    .set({ expires_at: at })
    .where('municipality_id', '=', municipalityId)
    .where('enrolment_id', '=', enrolmentId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .execute();
}

export async function insertInvitation(
  db: Db,
  values: {
    municipalityId: string;
    enrolmentId: string;
    tokenHash: Buffer;
    language: string;
    createdBy: string;
    expiresAt: Date;
    usedAt: Date | null;
  },
): Promise<{ id: string; createdAt: Date }> {
  const row = await db
    .insertInto('feedback_invitation')
    .values({
      municipality_id: values.municipalityId,
      enrolment_id: values.enrolmentId,
      token_hash: values.tokenHash,
      language: values.language,
      created_by: values.createdBy,
      expires_at: values.expiresAt,
      used_at: values.usedAt,
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, createdAt: row.created_at };
}

/** A response of the staff-filled survey: the offer and the month only. */
export async function insertResponse(
  db: Db,
  values: {
    municipalityId: string;
    offerId: string;
    surveyVersion: number;
    language: string;
    answers: object;
    at: Date;
  },
): Promise<void> {
  await sql`
    insert into feedback_response (municipality_id, offer_id, survey_version, language, answers, given_in)
    values (${values.municipalityId}::uuid, ${values.offerId}::uuid, ${values.surveyVersion}, ${values.language},
            ${JSON.stringify(values.answers)}::jsonb,
            date_trunc('month', ${values.at}::timestamptz at time zone 'Europe/Berlin')::date)`.execute(db);
}

export interface PublicInvitation {
  municipalityId: string;
  invitationId: string;
  language: string;
  expiresAt: Date;
  usedAt: Date | null;
  offerTitle: string;
}

/** The invitation of a link, across tenants, through the SECURITY DEFINER function (no tenant needed). */
export async function invitationByToken(db: Db, tokenHash: Buffer): Promise<PublicInvitation | undefined> {
  const { rows } = await sql<{
    municipality_id: string;
    invitation_id: string;
    language: string;
    expires_at: Date;
    used_at: Date | null;
    offer_title: string;
  }>`select * from feedback_invitation_by_token(${tokenHash})`.execute(db);
  const row = rows[0];
  return row
    ? {
        municipalityId: row.municipality_id,
        invitationId: row.invitation_id,
        language: row.language,
        expiresAt: row.expires_at,
        usedAt: row.used_at,
        offerTitle: row.offer_title,
      }
    : undefined;
}

export type RedeemOutcome = 'received' | 'used' | 'expired' | 'unknown';

/** Marks the link used and stores the answers, atomically (SECURITY DEFINER function, migration 0015). */
export async function redeemInvitation(
  db: Db,
  values: { tokenHash: Buffer; at: Date; surveyVersion: number; language: string; answers: object },
): Promise<RedeemOutcome> {
  const { rows } = await sql<{ outcome: RedeemOutcome }>`
    select feedback_redeem(${values.tokenHash}, ${values.at}::timestamptz, ${values.surveyVersion}::integer,
                           ${values.language}::text, ${JSON.stringify(values.answers)}::jsonb) as outcome`.execute(db);
  return rows[0]?.outcome ?? 'unknown';
}
