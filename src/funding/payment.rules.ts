// Pure rules of payment requests (Mittelabruf) and of the payment ledger: the two-month rule, what may still be
// requested per strand and year, the four-eyes rule of the approvals, and the running totals of the ledger.
// Numbers come from the programme's definition (paymentDueWithinMonths), never from here.
import { addMonths } from '../cases/case.rules.ts';
import type { FundingProblem } from './funding.context.ts';
import type { PaymentKind, PaymentRequestStatus } from './funding.codes.ts';
import { formatCents } from './money.shared.ts';

/**
 * The last day a requested amount may be due on: today (in Germany) plus the programme's months (VV Nr. 7.2 zu
 * § 44 LHO: "alsbald, d. h. innerhalb von zwei Monaten nach der Auszahlung"). Calendar months: the same day of
 * the month `months` later; a day the target month lacks becomes its last day (31 Dec + 2 → 28 Feb, or 29 Feb in
 * a leap year; 30 Nov + 2 → 30 Jan; 29 Feb + 2 → 29 Apr). A line due on that day is accepted, a day later refused.
 */
export function latestDueOn(today: string, months: number): string {
  return addMonths(today, months);
}

/** A decided amount (strand, year) with what has been paid and what open requests already ask for. */
export interface AmountPosition {
  strand: string;
  budgetYear: number;
  decidedCents: number;
  paidCents: number;
  /** Lines of the grant's requests that are neither paid nor closed (requested, approved once). */
  openRequestedCents: number;
}

/** What may still be requested: decided − paid − open requests, never below zero. */
export function requestableCents(position: AmountPosition): number {
  return Math.max(0, position.decidedCents - position.paidCents - position.openRequestedCents);
}

/** What is still to be paid of the decided amount: decided − paid (repayments included, which lower paid). */
export function remainingCents(position: Pick<AmountPosition, 'decidedCents' | 'paidCents'>): number {
  return position.decidedCents - position.paidCents;
}

export interface RequestLine {
  strand: string;
  budgetYear: number;
  amountCents: number;
  dueOn: string;
}

export interface RequestRule {
  today: string;
  /** the programme definition's paymentDueWithinMonths */
  dueWithinMonths: number;
}

const key = (strand: string, budgetYear: number) => `${strand}/${budgetYear}`;

/**
 * Every problem of a new payment request's lines, one field error each: a strand and year the grant has no
 * decided amount for, a strand and year twice, a line due later than the two-month rule allows, more than may
 * still be requested. Empty = the request may be made.
 */
export function requestProblems(
  lines: readonly RequestLine[],
  positions: readonly AmountPosition[],
  rule: RequestRule,
): FundingProblem[] {
  const problems: FundingProblem[] = [];
  const latest = latestDueOn(rule.today, rule.dueWithinMonths);
  const byKey = new Map(positions.map((position) => [key(position.strand, position.budgetYear), position]));
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    const field = `lines.${index}`;
    const lineKey = key(line.strand, line.budgetYear);
    if (seen.has(lineKey)) {
      problems.push({
        field: `${field}.strand`,
        code: 'duplicate_line',
        message: `${line.strand} ${line.budgetYear} is requested twice; one line per strand and year.`,
      });
    }
    seen.add(lineKey);
    if (line.dueOn > latest) {
      problems.push({
        field: `${field}.dueOn`,
        code: 'due_too_late',
        message: `Only amounts due within ${rule.dueWithinMonths} months may be requested: due on ${latest} at the latest.`,
      });
    }
    const position = byKey.get(lineKey);
    if (!position) {
      problems.push({
        field: `${field}.strand`,
        code: 'not_decided',
        message: `The grant has no decided amount for ${line.strand} ${line.budgetYear}.`,
      });
      return;
    }
    const requestable = requestableCents(position);
    if (line.amountCents > requestable) {
      problems.push({
        field: `${field}.amountCents`,
        code: 'exceeds_requestable',
        message: `At most ${formatCents(requestable)} may still be requested for ${line.strand} ${line.budgetYear} (decided − paid − open requests).`,
      });
    }
  });
  return problems;
}

/** Open requests: their lines count against what may still be requested. */
export const OPEN_REQUEST_STATUSES: readonly PaymentRequestStatus[] = ['requested', 'approved_once'];

export type ApprovalStep = 'first' | 'second';

/**
 * The four-eyes rule (the database's CHECK payment_request_four_eyes keeps it too): which approval an officer's
 * approval would be, or why they may not approve. The requester never approves; the first approver does not
 * approve a second time.
 */
export function approvalStep(
  request: { status: PaymentRequestStatus; requestedBy: string; firstApprovedBy: string | null },
  officerId: string,
): { ok: true; step: ApprovalStep } | { ok: false; reason: 'requester' | 'already_approved' | 'not_open' } {
  if (!OPEN_REQUEST_STATUSES.includes(request.status)) return { ok: false, reason: 'not_open' };
  if (request.requestedBy === officerId) return { ok: false, reason: 'requester' };
  if (request.status === 'requested') return { ok: true, step: 'first' };
  if (request.firstApprovedBy === officerId) return { ok: false, reason: 'already_approved' };
  return { ok: true, step: 'second' };
}

export interface Booking {
  id: string;
  strand: string;
  budgetYear: number;
  kind: PaymentKind;
  amountCents: number;
  bookedOn: string;
  bookedAt: Date;
}

export interface BookingWithTotals<B extends Booking> {
  booking: B;
  /** Paid so far in the booking's strand and year, this booking included. */
  strandYearTotalCents: number;
  /** Paid so far on the whole grant, this booking included. */
  grantTotalCents: number;
}

/** The ledger in booking order with its running totals (per strand and year, and for the grant). */
export function runningTotals<B extends Booking>(bookings: readonly B[]): BookingWithTotals<B>[] {
  const ordered = [...bookings].sort((a, b) =>
    a.bookedAt.getTime() === b.bookedAt.getTime()
      ? a.id.localeCompare(b.id)
      : a.bookedAt.getTime() - b.bookedAt.getTime(),
  );
  const perStrandYear = new Map<string, number>();
  let grantTotal = 0;
  return ordered.map((booking) => {
    const lineKey = key(booking.strand, booking.budgetYear);
    const strandYearTotal = (perStrandYear.get(lineKey) ?? 0) + booking.amountCents;
    perStrandYear.set(lineKey, strandYearTotal);
    grantTotal += booking.amountCents;
    return { booking, strandYearTotalCents: strandYearTotal, grantTotalCents: grantTotal };
  });
}
