// Participants, cases and their records for tests, inserted straight into the tables as the application role,
// inside a transaction of the municipality (row-level security), with defaults that overrides replace.
import { createHash, randomUUID } from 'node:crypto';
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../src/database.ts';
import { withTenant } from '../../src/platform/db/rls.ts';
import { insertEnrolment, insertOffer } from './offer-factories.ts';

type Trx = Transaction<Database>;

function inTenant<T>(db: Kysely<Database>, municipalityId: string, work: (trx: Trx) => Promise<T>): Promise<T> {
  return withTenant(db, { municipalityId, userId: null }, work);
}

/** The next pseudonymous number of a municipality, from its counter (as the participants area issues them). */
async function nextNumber(trx: Trx, municipalityId: string): Promise<string> {
  const result = await sql<{ last_value: number }>`
    insert into participant_number_counter (municipality_id, last_value) values (${municipalityId}, 1)
    on conflict (municipality_id) do update set last_value = participant_number_counter.last_value + 1
    returning last_value`.execute(trx);
  return `TN-${String(result.rows[0]?.last_value ?? 1).padStart(6, '0')}`;
}

export type ParticipantOverrides = Partial<Insertable<Database['participant']>>;
export type CaseOverrides = Partial<Insertable<Database['participant_case']>>;

export async function createParticipant(
  db: Kysely<Database>,
  municipalityId: string,
  overrides: ParticipantOverrides = {},
): Promise<{ id: string; number: string }> {
  return inTenant(db, municipalityId, async (trx) => {
    const number = overrides.number ?? (await nextNumber(trx, municipalityId));
    const row = await trx
      .insertInto('participant')
      .values({
        municipality_id: municipalityId,
        number,
        external_id: null,
        family_name: 'Haddad',
        given_names: 'Samir',
        family_name_original: 'حداد',
        given_names_original: 'سمير',
        name_keys: ['haddad', 'samir'],
        birth_date: '2003-04-17',
        birth_date_precision: 'day',
        gender: 'male',
        countries_of_origin: ['SY'],
        nationalities: ['SY'],
        phone: '+49 221 1234567',
        email: 'samir@example.org',
        street: 'Keupstraße 12',
        postcode: '51063',
        city: 'Köln',
        city_district: 'Mülheim',
        vocational_experience: 'Zwei Jahre Schreinerei in Aleppo',
        blocked_at: null,
        blocked_reason: null,
        merged_into_id: null,
        anonymised_at: null,
        created_by: null,
        ...overrides,
      })
      .returning(['id', 'number'])
      .executeTakeFirstOrThrow();
    return { id: row.id, number: row.number };
  });
}

export async function createCase(
  db: Kysely<Database>,
  municipalityId: string,
  participantId: string,
  overrides: CaseOverrides = {},
): Promise<string> {
  // A case that ended before the default opening day opened on its exit day (exit_after_opening).
  const exited = typeof overrides.exited_on === 'string' ? overrides.exited_on : null;
  const openedOn = exited !== null && exited < '2024-01-10' ? exited : '2024-01-10';
  return inTenant(db, municipalityId, async (trx) => {
    const row = await trx
      .insertInto('participant_case')
      .values({
        municipality_id: municipalityId,
        participant_id: participantId,
        programme: 'diaa',
        team_id: null,
        opened_on: openedOn,
        intake_on: openedOn,
        intake_notes: 'Erstgespräch mit Dolmetscher, möchte Tischler werden',
        strands: ['FB1'],
        exception_justification: null,
        eligibility_decision: 'eligible',
        // In the shape the eligibility rules write, so that the API can answer with it.
        eligibility_reasons: JSON.stringify([
          { strand: 'FB1', rule: 'age', effect: 'met', code: 'age.ok', params: { age: 21 } },
        ]),
        eligibility_checked_at: null,
        eligibility_lost_at: null,
        exited_on: null,
        exit_outcome: null,
        exit_notes: null,
        follow_up_due_on: null,
        followed_up_on: null,
        follow_up_outcome: null,
        follow_up_notes: null,
        created_by: null,
        ...overrides,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

/** Inserts a row into a child table of a case (contacts, goals, …) with the case's keys filled in. */
export async function addCaseRecord<T extends keyof Database>(
  db: Kysely<Database>,
  municipalityId: string,
  table: T,
  keys: { caseId: string; participantId: string },
  values: Record<string, unknown>,
): Promise<string> {
  return inTenant(db, municipalityId, async (trx) => {
    const row = await sql<{ id: string }>`
      insert into ${sql.table(table)} (municipality_id, case_id, participant_id, ${sql.join(
        Object.keys(values).map((column) => sql.ref(column)),
      )})
      values (${municipalityId}, ${keys.caseId}, ${keys.participantId}, ${sql.join(
        Object.values(values).map((value) => sql`${value}`),
      )})
      returning id`.execute(trx);
    return row.rows[0]?.id ?? '';
  });
}

export async function addContact(
  db: Kysely<Database>,
  municipalityId: string,
  keys: { caseId: string; participantId: string },
  overrides: Record<string, unknown> = {},
): Promise<string> {
  return addCaseRecord(db, municipalityId, 'case_contact', keys, {
    occurred_at: new Date('2024-02-01T09:00:00Z'),
    duration_minutes: 45,
    channel: 'in_person',
    topic: 'Bewerbung bei Schreinerei Müller',
    attendees: 'Herr Müller (Ausbilder)',
    coaching: true,
    notes: 'Hat Angst vor der Prüfung, Bruder in Bonn hilft',
    ...overrides,
  });
}

export async function addDocument(
  db: Kysely<Database>,
  municipalityId: string,
  keys: { caseId: string; participantId: string },
  overrides: { content?: Buffer; kind?: string; content_type?: string; file_name?: string; title?: string } = {},
): Promise<string> {
  const content = overrides.content ?? Buffer.from(`document ${randomUUID()}`);
  return addCaseRecord(db, municipalityId, 'case_document', keys, {
    title: overrides.title ?? 'Zeugnis',
    kind: overrides.kind ?? 'certificate',
    file_name: overrides.file_name ?? 'zeugnis.pdf',
    content_type: overrides.content_type ?? 'application/pdf',
    size_bytes: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    content,
  });
}

export async function assignToCase(
  db: Kysely<Database>,
  municipalityId: string,
  keys: { caseId: string; participantId: string },
  userId: string,
  role: 'participation_manager' | 'coach' = 'coach',
): Promise<string> {
  return addCaseRecord(db, municipalityId, 'case_assignment', keys, { user_id: userId, role });
}

export async function addConsent(
  db: Kysely<Database>,
  municipalityId: string,
  participantId: string,
  values: { purpose: string; given_on?: string; revoked_on?: string | null; scope?: string },
): Promise<string> {
  return inTenant(db, municipalityId, async (trx) => {
    const row = await sql<{ id: string }>`
      insert into participant_consent (municipality_id, participant_id, purpose, scope, given_on, revoked_on)
      values (${municipalityId}, ${participantId}, ${values.purpose}, ${values.scope ?? 'Einwilligung laut Formular'},
              ${values.given_on ?? '2024-01-10'}, ${values.revoked_on ?? null})
      returning id`.execute(trx);
    return row.rows[0]?.id ?? '';
  });
}

/** A participant with one of everything: statuses, languages, schooling, consents, a case with every child record. */
export async function createFullRecord(
  db: Kysely<Database>,
  municipalityId: string,
  options: { caseOverrides?: CaseOverrides; participantOverrides?: ParticipantOverrides } = {},
): Promise<{ id: string; number: string; caseId: string }> {
  const participant = await createParticipant(db, municipalityId, options.participantOverrides);
  const keys = { participantId: participant.id };
  await inTenant(db, municipalityId, async (trx) => {
    await sql`insert into participant_residence_status (municipality_id, participant_id, status, legal_paragraph, valid_from, notes)
              values (${municipalityId}, ${participant.id}, 'toleration_60a', '§ 60a Abs. 2 AufenthG', '2023-05-01', 'Duldung verlängert bis Ende Mai')`.execute(
      trx,
    );
    await sql`insert into participant_language (municipality_id, participant_id, language, level, evidence)
              values (${municipalityId}, ${participant.id}, 'de', 'A2', 'telc A2 Zertifikat')`.execute(trx);
    await sql`insert into participant_schooling (municipality_id, participant_id, country, years, qualification, notes)
              values (${municipalityId}, ${participant.id}, 'SY', 9, 'foreign_other', 'Schule in Aleppo bis 2017')`.execute(
      trx,
    );
  });
  await addConsent(db, municipalityId, participant.id, { purpose: 'case_management' });
  const caseId = await createCase(db, municipalityId, participant.id, options.caseOverrides);
  const caseKeys = { ...keys, caseId };
  await addCaseRecord(db, municipalityId, 'case_assessment', caseKeys, {
    assessed_on: '2024-01-20',
    areas: JSON.stringify({
      language: { needsSupport: true, notes: 'Versteht wenig am Telefon', germanLevel: 'A2' },
      vocational: { needsSupport: false, occupations: ['Tischler'], vocationalGoal: 'Ausbildung Tischler' },
      health: { needsSupport: true, limitsWorkOrTraining: false, notes: 'Rückenschmerzen' },
    }),
    notes: 'Motiviert',
  });
  const goalId = await addCaseRecord(db, municipalityId, 'case_goal', caseKeys, {
    title: 'Ausbildungsplatz als Tischler bei Firma Holz Schmitz',
    area: 'vocational',
  });
  await addCaseRecord(db, municipalityId, 'case_step', caseKeys, {
    goal_id: goalId,
    title: 'Bewerbung an Firma Schmitz',
  });
  await addContact(db, municipalityId, caseKeys);
  await addCaseRecord(db, municipalityId, 'case_referral', caseKeys, {
    service: 'jobcenter',
    referred_on: '2024-02-05',
    description: 'Termin bei Frau Yilmaz',
    outcome_notes: 'Kam pünktlich',
  });
  await addCaseRecord(db, municipalityId, 'case_conference', caseKeys, {
    held_on: '2024-03-01',
    attendees: 'Frau Becker (ABH), Herr Öztürk (Jobcenter)',
    findings: 'Duldung läuft aus',
    agreements: 'ABH prüft § 60c',
  });
  await addDocument(db, municipalityId, caseKeys);
  await addEnrolmentWithAlert(db, municipalityId, caseKeys);
  return { ...participant, caseId };
}

/**
 * An enrolment in an offer of a new provider, dropped out, and a measure-career alert on it acknowledged with a
 * plan (the alert's free text must be covered by the Art. 15 export and by anonymisation).
 */
export async function addEnrolmentWithAlert(
  db: Kysely<Database>,
  municipalityId: string,
  keys: { caseId: string; participantId: string },
): Promise<{ enrolmentId: string; alertId: string }> {
  const provider = await db
    .insertInto('organisation')
    .values({ kind: 'provider', name: `Bildungswerk ${randomUUID().slice(0, 8)}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inTenant(db, municipalityId, async (trx) => {
    const offerId = await insertOffer(
      trx,
      { municipality_id: municipalityId, provider_id: provider.id },
      { place: 'Köln-Kalk', status: 'running' },
    );
    const enrolmentId = await insertEnrolment(
      trx,
      { municipality_id: municipalityId, participant_id: keys.participantId, offer_id: offerId },
      {
        case_id: keys.caseId,
        referred_on: '2024-02-01',
        starts_on: '2024-02-15',
        ends_on: '2024-05-31',
        status: 'dropped_out',
        dropout_reason: 'overload',
        dropout_notes: 'Kurs zu schnell, Kinderbetreuung fehlte',
        next_step: 'Alpha-Kurs prüfen',
      },
    );
    const alert = await sql<{ id: string }>`
      insert into measure_career_alert (municipality_id, participant_id, rule, anchor_enrolment_id, enrolment_ids, details,
                                        status, handled_at, plan)
      values (${municipalityId}, ${keys.participantId}, 'repeated_dropouts', ${enrolmentId}, ${[enrolmentId]}::uuid[],
              '{"count": 2, "withinMonths": 12}', 'acknowledged', now(), 'Gespräch mit Frau Yilmaz vom Träger am Montag')
      returning id`.execute(trx);
    return { enrolmentId, alertId: alert.rows[0]?.id ?? '' };
  });
}
