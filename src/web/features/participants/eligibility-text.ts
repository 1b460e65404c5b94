// The reasons of an eligibility decision in plain language: each reason's code names a text of the locales,
// its parameters are filled in as the reader expects them (a status by its name, a date in the UI language,
// an age or the range of possible ages). Pure: the translation function is passed in.
import type { EligibilityDecisionResponse } from '../../../participants/participant.schema.ts';
import { formatDate } from './format.ts';

export type EligibilityReason = EligibilityDecisionResponse['reasons'][number];

/** The translate function as this module needs it: a key and values, giving text. */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

/** The reason codes of eligibility.rules.ts this version puts into words. */
export const KNOWN_REASON_CODES: ReadonlySet<string> = new Set([
  'evaluation_date.invalid',
  'age.within_range',
  'age.too_young',
  'age.too_old',
  'age.uncertain',
  'age.not_evaluable',
  'birth_date.unknown',
  'birth_date.invalid',
  'residence_status.none',
  'residence_status.admitted',
  'residence_status.not_admitted',
  'residence_status.not_evaluable',
  'state_reception_facility.not_applicable',
  'state_reception_facility.resident',
  'state_reception_facility.unknown',
  'state_reception_facility.not_resident',
  'offender.not_applicable',
  'offender.excluded',
  'offender.not_excluded',
  'work_ban.not_applicable',
  'work_ban.banned',
  'work_ban.permitted',
  'work_ban.unknown',
]);

function ageText(params: EligibilityReason['params'], t: Translate): string {
  if (typeof params.age === 'number') return t('participants.eligibility.ageYears', { age: params.age });
  if (typeof params.minPossibleAge === 'number' && typeof params.maxPossibleAge === 'number') {
    return t('participants.eligibility.ageRange', { min: params.minPossibleAge, max: params.maxPossibleAge });
  }
  return t('participants.unknown');
}

/** One reason as a sentence; a code this version does not know is named rather than hidden. */
export function reasonMessage(reason: EligibilityReason, t: Translate, language: string): string {
  if (!KNOWN_REASON_CODES.has(reason.code)) return t('participants.eligibility.unknownReason', { code: reason.code });
  const { params } = reason;
  const values: Record<string, string | number> = {
    ageText: ageText(params, t),
    minAge: params.minAge ?? '',
    maxAge: params.maxAge ?? '',
    strand: params.strand ?? '',
    status: typeof params.status === 'string' ? t(`participants.statuses.${params.status}`) : '',
    validFrom: typeof params.validFrom === 'string' ? (formatDate(params.validFrom, language) ?? params.validFrom) : '',
  };
  return t(`participants.eligibility.reasons.${reason.code}`, values);
}

/** Whether admission needs a documented exception: the age rule fails (and is the only rule that can be waived). */
export function needsAgeException(decisions: readonly Pick<EligibilityDecisionResponse, 'reasons'>[]): boolean {
  return decisions.some((decision) =>
    decision.reasons.some(
      (reason) => reason.rule === 'age' && (reason.effect === 'not_met' || reason.effect === 'excepted'),
    ),
  );
}

/** Whether some rule other than age excludes the person (no exception can help then). */
export function excludedBeyondAge(decisions: readonly Pick<EligibilityDecisionResponse, 'reasons'>[]): boolean {
  return decisions.some((decision) =>
    decision.reasons.some((reason) => reason.rule !== 'age' && reason.effect === 'not_met'),
  );
}
