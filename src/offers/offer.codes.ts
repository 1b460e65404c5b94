// The code lists of the offer catalogue and of enrolments, shared by the API schemas, the measure-career
// rules, the demo generator and the web forms. Migration 20261130_0012_offers.ts froze the lists of its time
// in check constraints; a test keeps both in step.
import type { CefrLevel, SchoolQualification } from '../participants/participant.codes.ts';
import { cefrLevels } from '../participants/participant.codes.ts';

/** The strands whose offers are catalogued (FB5 and FB6 fund projects and posts, not offers). */
export const offerStrands = ['FB1', 'FB2', 'FB3', 'FB4'] as const;
export type OfferStrand = (typeof offerStrands)[number];

/**
 * Kinds of offer: the programme's own (strand offers) and the regular system's (reference-data.md,
 * "Taxonomy"). The kind decides which ladder an offer works on (below).
 */
export const offerTypes = [
  'coaching', // FB1 individual coaching (accompanies measures; not itself a measure)
  'job_language_support', // FB2 berufsbegleitende Sprachförderung
  'job_qualification', // FB2 berufsbegleitende Qualifizierung
  'school_certificate_course', // FB3 Hauptschulabschluss (ESA/EESA) with language support
  'preparation_course', // FB4 schul-, ausbildungs- und berufsvorbereitender Kurs
  'youth_integration_course', // Jugendintegrationskurs (up to 1,000 units, to age 27)
  'integration_course', // Integrationskurs (600 + 100 units)
  'literacy_course', // Alphabetisierungskurs
  'job_language_course', // Berufssprachkurs (DeuFöV)
  'entry_qualification', // Einstiegsqualifizierung (EQ), 6–12 months
  'vocational_preparation', // Berufsvorbereitende Bildungsmaßnahme (BvB), about 10 months
  'berufskolleg_class', // Berufskolleg: Ausbildungsvorbereitung / Internationale Förderklasse
  'training_dual', // duale Ausbildung
  'training_school', // schulische Ausbildung
  'helper_training', // Helferausbildung
  'other',
] as const;
export type OfferType = (typeof offerTypes)[number];

export const offerStatuses = ['planned', 'open', 'running', 'ended'] as const;
export type OfferStatus = (typeof offerStatuses)[number];

export const enrolmentStatuses = ['waiting', 'active', 'completed', 'dropped_out', 'not_started'] as const;
export type EnrolmentStatus = (typeof enrolmentStatuses)[number];

export const dropoutReasons = [
  'work', // took up work
  'training', // started training elsewhere
  'moved_away',
  'health',
  'family', // family or childcare
  'overload', // course too hard or too fast
  'motivation',
  'residence', // residence-law reasons (deportation, loss of status)
  'unknown', // stopped coming, reason not known
  'other',
] as const;
export type DropoutReason = (typeof dropoutReasons)[number];

export const examResults = ['passed', 'failed'] as const;
export type ExamResult = (typeof examResults)[number];

// --- Ladders ------------------------------------------------------------------------------------------------
// Progress is measured on three ladders (docs/measure-careers.md). A rung's index is its height.

/** Language: CEFR A0 … C2 (native counts as the top). */
export const languageLadder: readonly CefrLevel[] = cefrLevels;

/** School: none → ESA → EESA → MSA → FHR → AHR; an unrecognised foreign certificate counts as none. */
export const schoolLadder = ['none', 'esa', 'eesa', 'msa', 'fhr', 'ahr'] as const;
export type SchoolRung = (typeof schoolLadder)[number];
export function schoolRungOf(qualification: SchoolQualification | null): SchoolRung {
  return qualification === null || qualification === 'foreign_other' ? 'none' : qualification;
}

/** Vocational stage: none → preparation → EQ → training → qualified job. */
export const vocationalLadder = ['none', 'preparation', 'entry_qualification', 'training', 'qualified'] as const;
export type VocationalStage = (typeof vocationalLadder)[number];

/** The vocational stage a person has reached by starting an offer of this kind, if any. */
export const vocationalStageOfType: Readonly<Partial<Record<OfferType, VocationalStage>>> = {
  preparation_course: 'preparation',
  vocational_preparation: 'preparation',
  berufskolleg_class: 'preparation',
  entry_qualification: 'entry_qualification',
  training_dual: 'training',
  training_school: 'training',
  helper_training: 'training',
};

/** Offer kinds that are support around measures rather than measures (not counted as measures). */
export const supportOnlyTypes: readonly OfferType[] = ['coaching'];

export function rungIndex<T extends string>(ladder: readonly T[], rung: T | null): number {
  return rung === null ? -1 : ladder.indexOf(rung);
}

// --- Strands and kinds --------------------------------------------------------------------------------------

/**
 * Which strand an offer of a kind may carry (docs: reference-data.md "Taxonomy", domain.md section 2). The
 * programme's own kinds are funded by exactly one strand and must name it; the regular system's kinds are
 * not programme offers (strand null), except the Jugendintegrationskurs and the literacy course, which FB4
 * explicitly funds as preparatory courses when the regular system has no place; 'other' may carry any.
 */
export const strandRuleOfType: Readonly<Record<OfferType, { strands: readonly OfferStrand[]; regular: boolean }>> = {
  coaching: { strands: ['FB1'], regular: false },
  job_language_support: { strands: ['FB2'], regular: false },
  job_qualification: { strands: ['FB2'], regular: false },
  school_certificate_course: { strands: ['FB3'], regular: false },
  preparation_course: { strands: ['FB4'], regular: false },
  youth_integration_course: { strands: ['FB4'], regular: true },
  integration_course: { strands: [], regular: true },
  literacy_course: { strands: ['FB4'], regular: true },
  job_language_course: { strands: [], regular: true },
  entry_qualification: { strands: [], regular: true },
  vocational_preparation: { strands: [], regular: true },
  berufskolleg_class: { strands: [], regular: true },
  training_dual: { strands: [], regular: true },
  training_school: { strands: [], regular: true },
  helper_training: { strands: [], regular: true },
  other: { strands: offerStrands, regular: true },
};
