// Rows of offers, enrolments and measure-career alerts for tests: every column written out once, here, with plain defaults (an open
// Jugendintegrationskurs B1 with 10 seats; an active enrolment in it without attendance or results). Callers name
// only what their test is about. The inserts run in the caller's transaction, whose tenant must be the row's
// municipality (row-level security), and go through the database's own checks (capacity triggers included).
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../../src/database.ts';

export type OfferValues = Insertable<Database['offer']>;
export type EnrolmentValues = Insertable<Database['enrolment']>;
type Db = Kysely<Database> | Transaction<Database>;

/** An offer row with every column set: the defaults, then the overrides. */
export function offerRow(
  keys: { municipality_id: string; provider_id: string },
  overrides: Partial<OfferValues> = {},
): OfferValues {
  return {
    ...keys,
    title: 'Jugendintegrationskurs B1',
    type: 'youth_integration_course',
    strand: 'FB4',
    description: null,
    place: 'Köln-Mülheim',
    starts_on: '2025-09-01',
    ends_on: '2026-06-30',
    weekly_hours: 20,
    teaching_units: 900,
    capacity: 10,
    entry_level: 'A1',
    entry_requirements: null,
    target_level: 'B1',
    target_qualification: null,
    accessibility_notes: null,
    cost_cents: 3_375_000,
    cost_notes: null,
    status: 'open',
    created_by: null,
    ...overrides,
  };
}

/** An enrolment row with every column set: the defaults, then the overrides. */
export function enrolmentRow(
  keys: { municipality_id: string; participant_id: string; offer_id: string },
  overrides: Partial<EnrolmentValues> = {},
): EnrolmentValues {
  return {
    ...keys,
    case_id: null,
    referred_on: '2025-08-15',
    starts_on: '2025-09-01',
    ends_on: null,
    status: 'active',
    dropout_reason: null,
    dropout_notes: null,
    sessions_planned: null,
    sessions_attended: null,
    hours_attended: null,
    attendance_confirmed_by: null,
    attendance_confirmed_on: null,
    exam_result: null,
    cefr_level_reached: null,
    school_qualification_reached: null,
    next_step: null,
    created_by: null,
    ...overrides,
  };
}

/** Inserts an offer (see offerRow) and answers its id. */
export async function insertOffer(
  db: Db,
  keys: { municipality_id: string; provider_id: string },
  overrides: Partial<OfferValues> = {},
): Promise<string> {
  const row = await db.insertInto('offer').values(offerRow(keys, overrides)).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Inserts an enrolment (see enrolmentRow) and answers its id. */
export async function insertEnrolment(
  db: Db,
  keys: { municipality_id: string; participant_id: string; offer_id: string },
  overrides: Partial<EnrolmentValues> = {},
): Promise<string> {
  const row = await db
    .insertInto('enrolment')
    .values(enrolmentRow(keys, overrides))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An open "repeated drop-outs" alert of a person, triggered by one enrolment (no figures, nobody handled it). */
export async function insertOpenAlert(
  db: Db,
  keys: { municipality_id: string; participant_id: string; enrolment_id: string },
): Promise<void> {
  await db
    .insertInto('measure_career_alert')
    .values({
      municipality_id: keys.municipality_id,
      participant_id: keys.participant_id,
      rule: 'repeated_dropouts',
      anchor_enrolment_id: keys.enrolment_id,
      enrolment_ids: [keys.enrolment_id],
      details: '{}',
      resolved_at: null,
      handled_by: null,
      handled_at: null,
      plan: null,
      dismissal_reason: null,
    })
    .execute();
}
