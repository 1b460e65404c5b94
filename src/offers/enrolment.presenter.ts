// An enrolment as the API answers it (with its place on the waiting list and whether a seat is free for it),
// and as the rules look at it.
import type { EnrolmentRow } from './enrolment.repository.ts';
import { maySeat, type EnrolmentState } from './enrolment.rules.ts';
import type { Enrolment } from './enrolment.schema.ts';
import { seatCounts } from './offer.rules.ts';

export function presentEnrolment(row: EnrolmentRow): Enrolment {
  const free = seatCounts(row.offer_capacity, row.offer_active, 0).free;
  return {
    id: row.id,
    participant: {
      id: row.participant_id,
      number: row.participant_number,
      familyName: row.participant_family_name,
      givenNames: row.participant_given_names,
    },
    offer: {
      id: row.offer_id,
      title: row.offer_title,
      type: row.offer_type,
      strand: row.offer_strand,
      place: row.offer_place,
      status: row.offer_status,
      provider: { id: row.provider_id, name: row.provider_name },
    },
    caseId: row.case_id,
    referredOn: row.referred_on,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    status: row.status,
    waitingPosition: row.waiting_position,
    seatAvailable:
      row.status === 'waiting' &&
      row.waiting_position !== null &&
      row.offer_status !== 'ended' &&
      maySeat(row.waiting_position, free),
    dropoutReason: row.dropout_reason,
    dropoutNotes: row.dropout_notes,
    attendance: {
      sessionsPlanned: row.sessions_planned,
      sessionsAttended: row.sessions_attended,
      hoursAttended: row.hours_attended === null ? null : Number(row.hours_attended),
      confirmedBy:
        row.attendance_confirmed_by === null
          ? null
          : { id: row.attendance_confirmed_by, name: row.confirmed_by_name ?? '' },
      confirmedOn: row.attendance_confirmed_on,
    },
    results: {
      certificate: row.certificate,
      examResult: row.exam_result,
      cefrLevelReached: row.cefr_level_reached,
      schoolQualificationReached: row.school_qualification_reached,
      vocationalQualificationReached: row.vocational_qualification_reached,
    },
    nextStep: row.next_step,
    eligibility:
      row.eligibility_outcome === null
        ? null
        : { outcome: row.eligibility_outcome, exceptionJustification: row.exception_justification },
    isDemo: row.is_demo,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}

export function stateOf(row: EnrolmentRow): EnrolmentState {
  return {
    status: row.status,
    referredOn: row.referred_on,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    dropoutReason: row.dropout_reason,
    sessionsPlanned: row.sessions_planned,
    sessionsAttended: row.sessions_attended,
    hoursAttended: row.hours_attended === null ? null : Number(row.hours_attended),
    certificate: row.certificate,
    examResult: row.exam_result,
    cefrLevelReached: row.cefr_level_reached,
    schoolQualificationReached: row.school_qualification_reached,
    vocationalQualificationReached: row.vocational_qualification_reached,
  };
}
