// Stores a generated measure history (test/helpers/career-histories.ts) as real rows: a participant with German
// levels and schooling, a case (open or exited) with its last contact, and one offer per enrolment (of the
// enrolment's kind and level) of one provider. Ids of the history's enrolments are kept, so that findings of
// the pure rules can be compared with stored alerts.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { CareerEnrolment, CareerHistory } from '../../src/careers/career.rules.ts';
import type { Database } from '../../src/database.ts';
import { withTenant } from '../../src/platform/db/rls.ts';
import {
  createCase,
  createParticipant,
  type CaseOverrides,
  type ParticipantOverrides,
} from './participant-factories.ts';
import { insertEnrolment, insertOffer } from './offer-factories.ts';

/** A provider organisation serving the municipality. */
export async function createProvider(db: Kysely<Database>, municipalityId: string, name?: string): Promise<string> {
  const provider = await db
    .insertInto('organisation')
    .values({ kind: 'provider', name: name ?? `Bildungswerk ${randomUUID().slice(0, 8)}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('provider_municipality')
    .values({ provider_id: provider.id, served_municipality_id: municipalityId })
    .execute();
  return provider.id;
}

export interface StoredHistory {
  participantId: string;
  caseId: string;
  /** The history with the ids the rows got (enrolment ids kept, offer and provider ids of the rows). */
  history: CareerHistory;
}

export async function storeHistory(
  db: Kysely<Database>,
  municipalityId: string,
  providerId: string,
  history: CareerHistory,
  overrides: { participant?: ParticipantOverrides; case?: CaseOverrides } = {},
): Promise<StoredHistory> {
  const participant = await createParticipant(db, municipalityId, overrides.participant);
  const caseId = await createCase(db, municipalityId, participant.id, {
    opened_on: '2019-06-01',
    intake_on: '2019-06-01',
    ...(history.hasOpenCase ? {} : { exited_on: '2025-06-01', exit_outcome: 'moved_away' }),
    ...overrides.case,
  });
  const enrolments = history.enrolments.map((e) => ({ ...e, id: randomUUID(), offerId: randomUUID(), providerId }));
  await withTenant(db, { municipalityId, userId: null }, async (trx) => {
    for (const level of history.germanLevels) {
      await trx
        .insertInto('participant_language')
        .values({
          municipality_id: municipalityId,
          participant_id: participant.id,
          language: 'de',
          level: level.level,
          evidence_date: level.on,
          evidence: null,
        })
        .execute();
    }
    for (const qualification of history.schoolQualifications) {
      await trx
        .insertInto('participant_schooling')
        .values({
          municipality_id: municipalityId,
          participant_id: participant.id,
          country: 'DE',
          years: 10,
          qualification,
          recognised: true,
          notes: null,
        })
        .execute();
    }
    if (history.lastContactOn !== null) {
      await sql`insert into case_contact (municipality_id, case_id, participant_id, occurred_at, channel, topic)
                values (${municipalityId}, ${caseId}, ${participant.id},
                        (${history.lastContactOn}::date + time '10:00') at time zone 'Europe/Berlin',
                        'in_person', 'Beratung')`.execute(trx);
    }
    for (const enrolment of enrolments) {
      await storeEnrolment(trx, municipalityId, { participantId: participant.id, caseId }, enrolment);
    }
  });
  return { participantId: participant.id, caseId, history: { ...history, enrolments } };
}

/** One enrolment of a history as rows: its own offer (of the enrolment's kind and level) and the enrolment. */
export async function storeEnrolment(
  trx: Transaction<Database>,
  municipalityId: string,
  keys: { participantId: string; caseId: string | null },
  enrolment: CareerEnrolment,
): Promise<void> {
  await insertOffer(
    trx,
    { municipality_id: municipalityId, provider_id: enrolment.providerId },
    {
      id: enrolment.offerId,
      title: `Kurs ${enrolment.offerType}`,
      type: enrolment.offerType,
      strand: null,
      place: 'Köln-Kalk',
      starts_on: null,
      ends_on: null,
      weekly_hours: null,
      teaching_units: null,
      capacity: null,
      entry_level: null,
      target_level: enrolment.courseLevel,
      cost_cents: null,
      status: 'planned',
    },
  );
  await insertEnrolment(
    trx,
    { municipality_id: municipalityId, participant_id: keys.participantId, offer_id: enrolment.offerId },
    {
      id: enrolment.id,
      case_id: keys.caseId,
      referred_on: enrolment.referredOn,
      starts_on: enrolment.startsOn,
      ends_on: enrolment.endsOn,
      status: enrolment.status,
      dropout_reason: enrolment.dropoutReason,
      certificate: enrolment.certificate,
      exam_result: enrolment.examResult,
      cefr_level_reached: enrolment.cefrLevelReached,
      school_qualification_reached: enrolment.schoolQualificationReached,
      vocational_qualification_reached: enrolment.vocationalQualificationReached,
    },
  );
}
