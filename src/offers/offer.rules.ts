// Rules of the offer catalogue, pure: which strand fits a kind of offer, which status changes make sense, and
// the seat counts every offer answer carries. The service applies them; the database's triggers stay the
// backstop for capacity.
import type { RuleProblem } from '../participants/participant.rules.ts';
import { strandRuleOfType, type OfferStatus, type OfferStrand, type OfferType } from './offer.codes.ts';

/** The problem of a strand for a kind of offer, or null when it fits (see strandRuleOfType). */
export function strandProblem(type: OfferType, strand: OfferStrand | null): RuleProblem | null {
  const rule = strandRuleOfType[type];
  if (strand === null) {
    return rule.regular
      ? null
      : {
          field: 'strand',
          code: 'strand_required',
          message: `an offer of kind ${type} is a programme offer: its strand is ${rule.strands.join(' or ')}`,
        };
  }
  if (rule.strands.includes(strand)) return null;
  return {
    field: 'strand',
    code: 'strand_mismatch',
    message:
      rule.strands.length === 0
        ? `an offer of kind ${type} belongs to the regular system and carries no strand`
        : `an offer of kind ${type} is funded by ${rule.strands.join(' or ')}, not ${strand}`,
  };
}

/**
 * Status changes of an offer: planned → open → running → ended, with the shortcuts practice needs (a planned
 * offer may start running directly or be called off = ended; an open offer may be postponed back to planned).
 * An ended offer stays ended: a new run is a new offer, so that its figures stay its own.
 */
const offerTransitions: Readonly<Record<OfferStatus, readonly OfferStatus[]>> = {
  planned: ['open', 'running', 'ended'],
  open: ['planned', 'running', 'ended'],
  running: ['ended'],
  ended: [],
};

export function offerTransitionProblem(from: OfferStatus, to: OfferStatus): RuleProblem | null {
  if (from === to || offerTransitions[from].includes(to)) return null;
  return {
    field: 'status',
    code: 'invalid_transition',
    message:
      from === 'ended'
        ? 'the offer has ended; create a new offer for a new run'
        : `an offer cannot go from ${from} to ${to}`,
  };
}

/** Offers people can be enrolled into (put on the list or given a seat). */
export function acceptsEnrolments(status: OfferStatus): boolean {
  return status !== 'ended';
}

export interface OfferDates {
  startsOn: string | null;
  endsOn: string | null;
}

/** Field problems of an offer as it would be stored (dates in order, teaching entry and target levels). */
export function offerProblems(offer: OfferDates): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (offer.startsOn !== null && offer.endsOn !== null && offer.endsOn < offer.startsOn) {
    problems.push({ field: 'endsOn', code: 'before_start', message: 'the offer cannot end before it starts' });
  }
  return problems;
}

export interface SeatCounts {
  /** Active enrolments. */
  taken: number;
  /** Seats left; null when the offer has no capacity limit. */
  free: number | null;
  waiting: number;
}

export function seatCounts(capacity: number | null, active: number, waiting: number): SeatCounts {
  return { taken: active, free: capacity === null ? null : Math.max(0, capacity - active), waiting };
}

/**
 * The status of a new enrolment: a seat when one is free for it, else the waiting list. Those already waiting
 * come first: a seat that became free is theirs, so a newcomer gets one only when more seats are free than
 * people wait.
 */
export function newEnrolmentStatus(counts: SeatCounts): 'active' | 'waiting' {
  if (counts.free === null) return 'active';
  return counts.free > counts.waiting ? 'active' : 'waiting';
}
