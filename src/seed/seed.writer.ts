// Writes generated participants into the tables: assigns ids, numbers, teams and staff, and inserts each table's
// rows of a batch with one bulk statement per (at most) CHUNK rows. Runs inside the caller's tenant transaction.
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { addDays } from '../cases/case.rules.ts';
import type { Database } from '../database.ts';
import type { GeneratedOffer, GeneratedParticipant } from './seed.model.ts';
import { insertBulk, textArrayLiteral } from '../platform/db/bulk-insert.ts';
import { SEED_TABLE_COLUMNS as TABLES } from './seed.tables.ts';

const CHUNK = 5000;

export type SeedTable = keyof typeof TABLES;
export const SEED_TABLES = Object.keys(TABLES) as SeedTable[];

type Row<T extends SeedTable> = Record<(typeof TABLES)[T][number][0], unknown>;

/** Rows of every table, kept column by column until they are written. */
class Buffers {
  readonly columns = new Map<SeedTable, Record<string, unknown[]>>();

  add<T extends SeedTable>(table: T, row: Row<T>): void {
    let buffer = this.columns.get(table);
    if (!buffer) {
      buffer = Object.fromEntries(TABLES[table].map(([name]) => [name, []]));
      this.columns.set(table, buffer);
    }
    for (const [name] of TABLES[table]) buffer[name]?.push((row as Record<string, unknown>)[name] ?? null);
  }
}

export interface SiteWriteContext {
  municipalityId: string;
  /** The number of the site's first participant of this batch's seq 0 (numbers follow seq). */
  firstNumber: number;
  teamIds: ReadonlyMap<string, string>;
  staff: { participationManagers: readonly string[]; coaches: readonly string[] };
  /** The ids of the site's catalogue, by offer key (writeOffers); enrolments refer to them. */
  offerIds?: readonly string[];
}

export type TableCounts = Record<SeedTable, number>;

export function emptyCounts(): TableCounts {
  return Object.fromEntries(SEED_TABLES.map((table) => [table, 0])) as TableCounts;
}

const at = (date: string, time = '09:00') => `${date} ${time}`;

function formatNumber(value: number): string {
  return `TN-${String(value).padStart(6, '0')}`;
}

/** The day of the latest recorded work in a case still open: when its record last changed. */
function lastActivity(c: GeneratedParticipant['case']): string {
  const days = [
    c.openedOn,
    ...c.contacts.map((contact) => contact.occurredAt.slice(0, 10)),
    ...c.assessments.map((assessment) => assessment.assessedOn),
    ...c.goals.flatMap((goal) => goal.steps.map((step) => step.doneOn ?? c.openedOn)),
    ...c.referrals.map((referral) => referral.outcomeOn ?? referral.referredOn),
    ...c.conferences.map((conference) => conference.heldOn),
  ];
  return days.reduce((latest, day) => (day > latest ? day : latest));
}

function collect(participants: readonly GeneratedParticipant[], context: SiteWriteContext): Buffers {
  const buffers = new Buffers();
  const m = context.municipalityId;
  for (const p of participants) {
    const participantId = randomUUID();
    const c = p.case;
    const opened = at(c.openedOn);
    buffers.add('participant', {
      municipality_id: m,
      id: participantId,
      number: formatNumber(context.firstNumber + p.seq),
      family_name: p.familyName,
      given_names: p.givenNames,
      family_name_original: p.familyNameOriginal,
      given_names_original: p.givenNamesOriginal,
      name_keys: textArrayLiteral(p.nameKeys),
      birth_date: p.birthDate,
      birth_date_precision: p.birthDatePrecision,
      gender: p.gender,
      countries_of_origin: textArrayLiteral(p.countriesOfOrigin),
      nationalities: textArrayLiteral(p.nationalities),
      phone: p.phone,
      email: p.email,
      street: p.street,
      postcode: p.postcode,
      city: p.city,
      city_district: p.cityDistrict,
      accommodation: p.accommodation,
      work_permission: p.workPermission,
      benefits: textArrayLiteral(p.benefits),
      excluded_offender: p.excludedOffender,
      vocational_experience: p.vocationalExperience,
      restricted: p.restricted,
      is_demo: true,
      created_at: opened,
      updated_at: opened,
    });
    const own = { municipality_id: m, participant_id: participantId };
    for (const s of p.statuses) {
      buffers.add('participant_residence_status', {
        ...own,
        status: s.status,
        legal_paragraph: s.legalParagraph,
        valid_from: s.validFrom,
        valid_to: s.validTo,
        document_expiry: s.documentExpiry,
        notes: s.notes,
        created_at: at(s.validFrom > c.openedOn ? s.validFrom : c.openedOn, '10:00'),
      });
    }
    for (const l of p.languages) {
      const recorded = l.evidenceDate && l.evidenceDate > c.openedOn ? l.evidenceDate : c.openedOn;
      buffers.add('participant_language', {
        ...own,
        language: l.language,
        level: l.level,
        evidence_date: l.evidenceDate,
        evidence: l.evidence,
        created_at: at(recorded, '10:00'),
      });
    }
    for (const s of p.schooling) {
      buffers.add('participant_schooling', {
        ...own,
        country: s.country,
        years: s.years,
        qualification: s.qualification,
        recognised: s.recognised,
        notes: s.notes,
        created_at: at(c.openedOn, '10:00'),
      });
    }
    for (const consent of p.consents) {
      buffers.add('participant_consent', {
        ...own,
        purpose: consent.purpose,
        scope: consent.scope,
        given_on: consent.givenOn,
        revoked_on: consent.revokedOn,
        created_at: at(consent.givenOn, '10:00'),
      });
    }

    const caseId = randomUUID();
    const activeUntil = c.exitedOn ?? lastActivity(c);
    const lastChange = at(c.followedUpOn ?? activeUntil, '16:00');
    buffers.add('participant_case', {
      ...own,
      id: caseId,
      programme: c.programme,
      team_id: context.teamIds.get(c.team) ?? null,
      opened_on: c.openedOn,
      intake_on: c.intakeOn,
      intake_notes: c.intakeNotes,
      strands: textArrayLiteral(c.strands),
      exception_justification: c.exceptionJustification,
      eligibility_decision: c.eligibilityDecision,
      eligibility_reasons: JSON.stringify(c.eligibilityReasons),
      eligibility_checked_at: opened,
      exited_on: c.exitedOn,
      exit_outcome: c.exitOutcome,
      exit_notes: c.exitNotes,
      follow_up_due_on: c.followUpDueOn,
      followed_up_on: c.followedUpOn,
      follow_up_outcome: c.followUpOutcome,
      follow_up_notes: c.followUpNotes,
      restricted: c.restricted,
      is_demo: true,
      created_at: opened,
      updated_at: lastChange,
    });
    const ofCase = { ...own, case_id: caseId };
    const userOf = (role: 'participation_manager' | 'coach', index: number) =>
      (role === 'coach' ? context.staff.coaches : context.staff.participationManagers)[index] ?? null;
    for (const a of c.assignments) {
      const userId = userOf(a.role, a.staffIndex);
      if (!userId) continue;
      buffers.add('case_assignment', {
        ...ofCase,
        user_id: userId,
        role: a.role,
        started_at: at(a.startedOn),
        ended_at: a.endedOn ? at(a.endedOn) : null,
        created_at: at(a.startedOn),
        updated_at: at(a.endedOn ?? a.startedOn),
      });
    }
    for (const assessment of c.assessments) {
      buffers.add('case_assessment', {
        ...ofCase,
        assessed_on: assessment.assessedOn,
        areas: JSON.stringify(assessment.areas),
        notes: assessment.notes,
        created_at: at(assessment.assessedOn, '11:00'),
        updated_at: at(assessment.assessedOn, '11:00'),
      });
    }
    const assignedTo = (role: 'participation_manager' | 'coach' | null) => {
      if (role === null) return null;
      const current = c.assignments.filter((a) => a.role === role).at(-1);
      return current ? userOf(role, current.staffIndex) : null;
    };
    for (const goal of c.goals) {
      const goalId = randomUUID();
      const created = at(c.assessments[0]?.assessedOn ?? c.openedOn, '11:30');
      buffers.add('case_goal', {
        ...ofCase,
        id: goalId,
        title: goal.title,
        area: goal.area,
        due_on: goal.dueOn,
        status: goal.status,
        created_at: created,
        updated_at: at(activeUntil, '15:00'),
      });
      for (const step of goal.steps) {
        // An open step of an open case has not changed since the plan was made.
        const stepChanged = step.doneOn ?? c.exitedOn;
        buffers.add('case_step', {
          ...ofCase,
          goal_id: goalId,
          title: step.title,
          owner_user_id: assignedTo(step.owner),
          due_on: step.dueOn,
          status: step.status,
          done_on: step.doneOn,
          created_at: created,
          updated_at: stepChanged ? at(stepChanged, '15:00') : created,
        });
      }
    }
    for (const contact of c.contacts) {
      buffers.add('case_contact', {
        ...ofCase,
        occurred_at: contact.occurredAt,
        duration_minutes: contact.durationMinutes,
        channel: contact.channel,
        topic: contact.topic,
        attendees: contact.attendees,
        coaching: contact.coaching,
        notes: contact.notes,
        created_at: contact.occurredAt,
        updated_at: contact.occurredAt,
      });
    }
    for (const r of c.referrals) {
      buffers.add('case_referral', {
        ...ofCase,
        service: r.service,
        referred_on: r.referredOn,
        description: r.description,
        outcome: r.outcome,
        outcome_on: r.outcomeOn,
        outcome_notes: r.outcomeNotes,
        created_at: at(r.referredOn, '14:00'),
        updated_at: at(r.outcomeOn ?? r.referredOn, '14:00'),
      });
    }
    // A strand offer admits with the case's eligibility decision (an exception with its justification).
    const admitted =
      c.eligibilityDecision === 'eligible' ||
      (c.eligibilityDecision === 'eligible_by_exception' && c.exceptionJustification !== null)
        ? c.eligibilityDecision
        : null;
    for (const e of p.enrolments) {
      const offerId = context.offerIds?.[e.offerKey];
      if (!offerId) throw new RangeError(`enrolment in offer ${e.offerKey}, which the catalogue does not have`);
      const changed = at(e.endsOn && e.status !== 'active' ? e.endsOn : (e.startsOn ?? e.referredOn), '12:00');
      buffers.add('enrolment', {
        ...ofCase,
        offer_id: offerId,
        referred_on: e.referredOn,
        starts_on: e.startsOn,
        ends_on: e.endsOn,
        status: e.status,
        dropout_reason: e.dropoutReason,
        dropout_notes: e.dropoutNotes,
        sessions_planned: e.sessionsPlanned,
        sessions_attended: e.sessionsAttended,
        hours_attended: e.hoursAttended,
        attendance_confirmed_on: e.attendanceConfirmedOn,
        certificate: e.certificate,
        exam_result: e.examResult,
        cefr_level_reached: e.cefrLevelReached,
        school_qualification_reached: e.schoolQualificationReached,
        vocational_qualification_reached: e.vocationalQualificationReached,
        next_step: e.nextStep,
        eligibility_outcome: e.strandOffer ? admitted : null,
        exception_justification:
          e.strandOffer && admitted === 'eligible_by_exception' ? c.exceptionJustification : null,
        is_demo: true,
        created_at: at(e.referredOn, '12:00'),
        updated_at: changed < at(e.referredOn, '12:00') ? at(e.referredOn, '12:00') : changed,
      });
    }
    for (const conference of c.conferences) {
      buffers.add('case_conference', {
        ...ofCase,
        held_on: conference.heldOn,
        attendees: conference.attendees,
        findings: conference.findings,
        agreements: conference.agreements,
        created_at: at(conference.heldOn, '15:00'),
        updated_at: at(conference.heldOn, '15:00'),
      });
    }
  }
  return buffers;
}

/**
 * Writes a site's offer catalogue with new ids; returns the ids by offer key. `providerIds` are the providers
 * serving the site, in the order the catalogue's provider indexes refer to.
 */
export async function writeOffers(
  trx: Transaction<Database>,
  offers: readonly GeneratedOffer[],
  context: { municipalityId: string; providerIds: readonly string[] },
): Promise<string[]> {
  const buffers = new Buffers();
  const ids: string[] = [];
  for (const o of offers) {
    const id = randomUUID();
    ids[o.key] = id;
    const providerId = context.providerIds[o.providerIndex];
    if (!providerId) throw new RangeError(`offer ${o.key}: no provider ${o.providerIndex}`);
    // Catalogued six weeks before the start (assumed).
    const created = at(addDays(o.startsOn, -42), '08:00');
    buffers.add('offer', {
      municipality_id: context.municipalityId,
      id,
      provider_id: providerId,
      title: o.title,
      type: o.type,
      strand: o.strand,
      description: o.description,
      place: o.place,
      starts_on: o.startsOn,
      ends_on: o.endsOn,
      weekly_hours: o.weeklyHours,
      teaching_units: o.teachingUnits,
      capacity: o.capacity,
      entry_level: o.entryLevel,
      entry_requirements: o.entryRequirements,
      target_level: o.targetLevel,
      target_qualification: o.targetQualification,
      leads_to_vocational_qualification: o.leadsToVocationalQualification,
      support_languages: textArrayLiteral(o.supportLanguages),
      childcare: o.childcare,
      accessible: o.accessible,
      accessibility_notes: o.accessibilityNotes,
      cost_cents: o.costCents,
      cost_notes: o.costNotes,
      status: o.status,
      is_demo: true,
      created_at: created,
      updated_at: created,
    });
  }
  await flush(trx, buffers);
  return ids;
}

async function flush(trx: Transaction<Database>, buffers: Buffers): Promise<TableCounts> {
  const counts = emptyCounts();
  // Parents before children (foreign keys).
  for (const table of SEED_TABLES) {
    const columns = buffers.columns.get(table);
    if (!columns) continue;
    const total = columns[TABLES[table][0][0]]?.length ?? 0;
    for (let offset = 0; offset < total; offset += CHUNK) {
      const slice = Object.fromEntries(
        Object.entries(columns).map(([name, values]) => [name, values.slice(offset, offset + CHUNK)]),
      );
      counts[table] += await insertBulk(trx, table, TABLES[table], slice);
    }
  }
  return counts;
}

/** Writes one batch of a site's participants; returns the rows written per table. */
export async function writeParticipants(
  trx: Transaction<Database>,
  participants: readonly GeneratedParticipant[],
  context: SiteWriteContext,
): Promise<TableCounts> {
  return flush(trx, collect(participants, context));
}
