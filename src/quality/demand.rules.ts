// Where demand for offers comes from (the gap analysis, docs/quality-review.md): the groups of offers the needs of
// an assessment and a referral ask for, and the intervals in which assessments and referrals are open. Pure.
import type { ReferralOutcome, ReferralService } from '../cases/case.codes.ts';
import { dayBefore, type DemandSignal } from './gap.rules.ts';
import type { GapGroup } from './quality.codes.ts';

// --- Needs → groups of offers ------------------------------------------------------------------------------------

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/**
 * The groups of offers that meet the needs of an assessment (case_assessment.areas, validated by the cases
 * area; read defensively here because it is stored JSON):
 *   language  with needsSupport → literacy when literacySupport, else language courses
 *   schooling with needsSupport → school-certificate courses (ESA/EESA)
 *   vocational with needsSupport → vocational preparation (BvB, preparation courses, Berufskolleg classes)
 * Health, childcare, housing, legal status and finances are met by regular services, not by catalogue offers,
 * and are not demand for offers (childcare is a feature an offer may have, not a kind of offer).
 */
export function needGroupsOf(areas: unknown): GapGroup[] {
  const all = record(areas);
  if (!all) return [];
  const groups: GapGroup[] = [];
  const language = record(all.language);
  if (language?.needsSupport === true) groups.push(language.literacySupport === true ? 'literacy' : 'language');
  if (record(all.schooling)?.needsSupport === true) groups.push('school_certificate');
  if (record(all.vocational)?.needsSupport === true) groups.push('vocational_preparation');
  return groups;
}

/**
 * The group a referral to a regular service asks for, or null when the service is not an offer of the
 * catalogue (Jobcenter, counselling, other): BAMF courses are language courses; the Berufskolleg and the
 * employment agency (BvB, preparation) place into vocational preparation.
 */
export const groupOfReferralService: Readonly<Record<ReferralService, GapGroup | null>> = {
  bamf_course: 'language',
  berufskolleg: 'vocational_preparation',
  employment_agency: 'vocational_preparation',
  jobcenter: null,
  counselling: null,
  other: null,
};

function earlier(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

// --- Signals from the records ------------------------------------------------------------------------------

/** A needs assessment of a case, as the repository reads it. */
export interface AssessmentFacts {
  participantId: string;
  caseId: string;
  assessedOn: string;
  /** Order of assessments of the same day (creation). */
  createdAt: Date;
  caseExitedOn: string | null;
  place: string | null;
  areas: unknown;
}

/**
 * Demand from needs assessments: the latest assessment of a case counts, from its day until the day before the
 * case's next assessment, or until the case's exit (an open case: open-ended).
 */
export function assessmentSignals(assessments: readonly AssessmentFacts[]): DemandSignal[] {
  const byCase = new Map<string, AssessmentFacts[]>();
  for (const assessment of assessments) {
    const list = byCase.get(assessment.caseId);
    if (list) list.push(assessment);
    else byCase.set(assessment.caseId, [assessment]);
  }
  const signals: DemandSignal[] = [];
  for (const list of byCase.values()) {
    list.sort((a, b) => a.assessedOn.localeCompare(b.assessedOn) || a.createdAt.getTime() - b.createdAt.getTime());
    list.forEach((assessment, index) => {
      const next = list[index + 1];
      const to = earlier(next ? dayBefore(next.assessedOn) : null, assessment.caseExitedOn);
      // Replaced on the same day by a later assessment: never in force.
      if (to !== null && to < assessment.assessedOn) return;
      for (const group of needGroupsOf(assessment.areas)) {
        signals.push({
          participantId: assessment.participantId,
          source: 'assessment',
          group,
          place: assessment.place,
          from: assessment.assessedOn,
          to,
        });
      }
    });
  }
  return signals;
}

/** A referral of a case to a regular service, as the repository reads it. */
export interface ReferralFacts {
  participantId: string;
  service: ReferralService;
  referredOn: string;
  outcome: ReferralOutcome;
  outcomeOn: string | null;
  caseExitedOn: string | null;
  place: string | null;
}

/**
 * Demand from referrals: a referral is open while its outcome is pending or accepted (until the case's exit);
 * one with another outcome was open from its day until the day before that outcome.
 */
export function referralSignals(referrals: readonly ReferralFacts[]): DemandSignal[] {
  const signals: DemandSignal[] = [];
  for (const referral of referrals) {
    const group = groupOfReferralService[referral.service];
    if (group === null) continue;
    const open = referral.outcome === 'pending' || referral.outcome === 'accepted';
    const to = open
      ? referral.caseExitedOn
      : referral.outcomeOn === null
        ? null
        : earlier(dayBefore(referral.outcomeOn), referral.caseExitedOn);
    // A closed referral without the day of its outcome: not known when it was open.
    if (!open && referral.outcomeOn === null) continue;
    if (to !== null && to < referral.referredOn) continue;
    signals.push({
      participantId: referral.participantId,
      source: 'referral',
      group,
      place: referral.place,
      from: referral.referredOn,
      to,
    });
  }
  return signals;
}
