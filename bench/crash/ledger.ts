// What the crash test knows for sure: every write the server acknowledged (a 2xx the client received), and
// every creation it attempted (acknowledged or not), each tagged with a unique marker stored in the row, so
// that the checks can find the row in SQL whatever happened to the answer.

export type WriteKind =
  | 'participant.create'
  | 'participant.update'
  | 'participant.residence_status'
  | 'participant.language'
  | 'participant.schooling'
  | 'participant.consent'
  | 'case.create'
  | 'case.update'
  | 'case.assessment'
  | 'case.goal'
  | 'case.goal_update'
  | 'case.step'
  | 'case.step_update'
  | 'case.contact'
  | 'case.contact_update'
  | 'case.referral'
  | 'case.referral_update'
  | 'case.conference'
  | 'case.conference_update'
  | 'case.document'
  | 'case.exit'
  | 'enrolment.create'
  | 'enrolment.update'
  | 'payment.request'
  | 'payment.approve';

/**
 * The tables the checks read, with the text column that carries a write's marker and whether rows have a version.
 * The checks build SQL from these names only, never from request data.
 */
export const CHECKED_TABLES = {
  participant: { versioned: true, markerColumn: 'family_name' },
  participant_residence_status: { versioned: false, markerColumn: 'notes' },
  participant_language: { versioned: false, markerColumn: 'evidence' },
  participant_schooling: { versioned: false, markerColumn: 'notes' },
  participant_consent: { versioned: true, markerColumn: 'scope' },
  participant_case: { versioned: true, markerColumn: 'intake_notes' },
  case_assessment: { versioned: true, markerColumn: 'notes' },
  case_goal: { versioned: true, markerColumn: 'title' },
  case_step: { versioned: true, markerColumn: 'title' },
  case_contact: { versioned: true, markerColumn: 'topic' },
  case_referral: { versioned: true, markerColumn: 'description' },
  case_conference: { versioned: true, markerColumn: 'attendees' },
  case_document: { versioned: false, markerColumn: 'title' },
  // Creations of enrolments carry no text to mark them; their duplicates are refused by a unique index.
  enrolment: { versioned: true, markerColumn: 'next_step' },
  payment_request: { versioned: true, markerColumn: 'justification' },
} as const;

export type CheckedTable = keyof typeof CHECKED_TABLES;

/** Text columns whose acknowledged value the durability check compares (updates write a marker into them). */
export type CheckedColumn =
  | 'family_name'
  | 'vocational_experience'
  | 'notes'
  | 'evidence'
  | 'scope'
  | 'intake_notes'
  | 'exit_notes'
  | 'title'
  | 'topic'
  | 'description'
  | 'outcome_notes'
  | 'attendees'
  | 'findings'
  | 'next_step'
  | 'dropout_notes'
  | 'justification';

export interface RowExpectation {
  table: CheckedTable;
  id: string;
  /** The version the server acknowledged; null for tables without versions. */
  version: number | null;
  /** A value the write set: it must still be there while the row is at the acknowledged version. */
  column?: { name: CheckedColumn; value: string };
}

/** A request that can be sent again with the same Idempotency-Key and the same content. */
export interface ReplayableRequest {
  path: string;
  key: string;
  json?: unknown;
  /** A multipart upload: its fields and the text file. */
  upload?: { title: string; kind: string; fileName: string; contentType: string; text: string };
}

export interface AcknowledgedWrite {
  kind: WriteKind;
  iteration: number;
  status: number;
  rows: RowExpectation[];
  /** The participant or case whose audit trail records this write. */
  auditResourceId: string;
  /** Idempotent creations: the request, and the id the first answer created. */
  replay?: { request: ReplayableRequest; resourceId: string };
}

export interface CreationAttempt {
  kind: WriteKind;
  iteration: number;
  table: CheckedTable;
  marker: string;
  acknowledged: boolean;
  request: ReplayableRequest | null;
}

/** A second approval the server acknowledged: the request's payment is booked into the ledger for good. */
export interface AcknowledgedBooking {
  iteration: number;
  requestId: string;
  totalCents: number;
}

export class Ledger {
  readonly writes: AcknowledgedWrite[] = [];
  readonly attempts: CreationAttempt[] = [];
  readonly bookings: AcknowledgedBooking[] = [];

  book(booking: AcknowledgedBooking): void {
    this.bookings.push(booking);
  }

  acknowledge(write: AcknowledgedWrite): void {
    this.writes.push(write);
  }

  attempt(attempt: CreationAttempt): CreationAttempt {
    this.attempts.push(attempt);
    return attempt;
  }

  writesOf(iteration: number): AcknowledgedWrite[] {
    return this.writes.filter((write) => write.iteration === iteration);
  }

  attemptsOf(iteration: number): CreationAttempt[] {
    return this.attempts.filter((attempt) => attempt.iteration === iteration);
  }
}

/** Acknowledged writes of one iteration by kind, e.g. { 'case.contact': 12, … }. */
export function countByKind(writes: readonly AcknowledgedWrite[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const write of writes) counts[write.kind] = (counts[write.kind] ?? 0) + 1;
  return counts;
}
