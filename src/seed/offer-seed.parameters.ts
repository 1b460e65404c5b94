// The parameters of the offer catalogue and the enrolments of the demo data, restating reference-data.md
// ("Generator parameters", "Taxonomy"). Values without a source are marked "assumed"; they are data, not code,
// so that a better figure changes one line. Pure.
import type { CefrLevel } from '../participants/participant.codes.ts';
import type { OfferStrand, OfferType } from '../offers/offer.codes.ts';

/** How an offer takes people in: a course with a fixed start (cohort) or entry at any time (rolling). */
export type OfferIntake = 'cohort' | 'rolling';

export interface OfferKind {
  type: OfferType;
  strand: OfferStrand | null;
  intake: OfferIntake;
  /** Course length in months (cohorts) or one person's stay in months (rolling): [min, max]. */
  months: readonly [number, number];
  weeklyHours: number;
  /** Seats [min, max]; null = not limited by the catalogue (regular system: companies, schools). */
  seats: readonly [number, number] | null;
  /** Cohorts: months between course starts at a site (assumed). */
  everyMonths: number;
  entryLevel: CefrLevel | null;
  targetLevel: CefrLevel | null;
  /** Provider name words that suit this kind (first match wins; any provider otherwise). */
  providerHints: readonly string[];
}

const kind = (k: OfferKind) => k;

/** The kinds of offer the demo catalogue holds (all of offerTypes but 'other'). */
export const OFFER_KINDS: readonly OfferKind[] = [
  // FB1: coaching 6–18 months (median 9); accompanies the measures; a caseload per provider (assumed 12–60).
  kind({
    type: 'coaching',
    strand: 'FB1',
    intake: 'rolling',
    months: [6, 18],
    weeklyHours: 1.5,
    seats: [40, 60],
    everyMonths: 0,
    entryLevel: null,
    targetLevel: null,
    providerHints: ['Coaching', 'Jugendberufshilfe', 'Migrationsdienst'],
  }),
  // FB2: job-accompanying language support and qualification, 3–6 months.
  kind({
    type: 'job_language_support',
    strand: 'FB2',
    intake: 'rolling',
    months: [3, 6],
    weeklyHours: 4,
    seats: [12, 16],
    everyMonths: 0,
    entryLevel: 'A2',
    targetLevel: 'B1',
    providerHints: ['Sprachinstitut', 'Lernwerkstatt'],
  }),
  kind({
    type: 'job_qualification',
    strand: 'FB2',
    intake: 'rolling',
    months: [3, 6],
    weeklyHours: 6,
    seats: [10, 14],
    everyMonths: 0,
    entryLevel: 'A2',
    targetLevel: null,
    providerHints: ['Qualifizierungszentrum', 'Berufsbildungszentrum'],
  }),
  // FB3: Hauptschulabschluss courses with language support, 10–12 months, starting in February and August.
  kind({
    type: 'school_certificate_course',
    strand: 'FB3',
    intake: 'cohort',
    months: [10, 12],
    weeklyHours: 20,
    seats: [12, 16],
    everyMonths: 6,
    entryLevel: 'A2',
    targetLevel: 'B1',
    providerHints: ['Bildungswerk', 'Lernwerkstatt'],
  }),
  // FB4: preparation courses (school, training, work) with language, 10–12 months.
  kind({
    type: 'preparation_course',
    strand: 'FB4',
    intake: 'cohort',
    months: [10, 12],
    weeklyHours: 20,
    seats: [14, 18],
    everyMonths: 3,
    entryLevel: 'A1',
    targetLevel: 'B1',
    providerHints: ['Bildungswerk', 'Berufsbildungszentrum', 'Qualifizierungszentrum'],
  }),
  // BAMF courses: integration course 600 + 100 units (B1 target), youth integration course up to 1,000 units,
  // literacy, job-related language courses B1→B2 (400–500 units).
  kind({
    type: 'integration_course',
    strand: null,
    intake: 'cohort',
    months: [7, 8],
    weeklyHours: 25,
    seats: [18, 25],
    everyMonths: 2,
    entryLevel: 'A1',
    targetLevel: 'B1',
    providerHints: ['Sprachinstitut'],
  }),
  kind({
    type: 'youth_integration_course',
    strand: null,
    intake: 'cohort',
    months: [10, 12],
    weeklyHours: 25,
    seats: [15, 20],
    everyMonths: 4,
    entryLevel: 'A1',
    targetLevel: 'B1',
    providerHints: ['Sprachinstitut', 'Jugendberufshilfe'],
  }),
  kind({
    type: 'literacy_course',
    strand: null,
    intake: 'cohort',
    months: [10, 12],
    weeklyHours: 20,
    seats: [12, 16],
    everyMonths: 6,
    entryLevel: 'A0',
    targetLevel: 'A2',
    providerHints: ['Sprachinstitut', 'Lernwerkstatt'],
  }),
  kind({
    type: 'job_language_course',
    strand: null,
    intake: 'cohort',
    months: [4, 6],
    weeklyHours: 20,
    seats: [18, 25],
    everyMonths: 3,
    entryLevel: 'B1',
    targetLevel: 'B2',
    providerHints: ['Sprachinstitut'],
  }),
  // Transition: EQ 6–12 months in a company, BvB about 10 months, Berufskolleg classes one school year.
  kind({
    type: 'entry_qualification',
    strand: null,
    intake: 'rolling',
    months: [6, 12],
    weeklyHours: 39,
    seats: null,
    everyMonths: 0,
    entryLevel: null,
    targetLevel: null,
    providerHints: ['Ausbildungsverbund'],
  }),
  kind({
    type: 'vocational_preparation',
    strand: null,
    intake: 'cohort',
    months: [10, 10],
    weeklyHours: 39,
    seats: [16, 22],
    everyMonths: 6,
    entryLevel: 'A2',
    targetLevel: null,
    providerHints: ['Berufsbildungszentrum', 'Qualifizierungszentrum'],
  }),
  kind({
    type: 'berufskolleg_class',
    strand: null,
    intake: 'cohort',
    months: [11, 11],
    weeklyHours: 30,
    seats: [18, 24],
    everyMonths: 12,
    entryLevel: 'A2',
    targetLevel: 'B1',
    providerHints: ['Berufsbildungszentrum', 'Bildungswerk'],
  }),
  // Training: dual or school-based 24–42 months, helper training 24 months.
  kind({
    type: 'training_dual',
    strand: null,
    intake: 'rolling',
    months: [24, 42],
    weeklyHours: 39,
    seats: null,
    everyMonths: 0,
    entryLevel: 'B1',
    targetLevel: null,
    providerHints: ['Ausbildungsverbund'],
  }),
  kind({
    type: 'training_school',
    strand: null,
    intake: 'rolling',
    months: [24, 36],
    weeklyHours: 32,
    seats: null,
    everyMonths: 0,
    entryLevel: 'B1',
    targetLevel: null,
    providerHints: ['Berufsbildungszentrum'],
  }),
  kind({
    type: 'helper_training',
    strand: null,
    intake: 'rolling',
    months: [24, 24],
    weeklyHours: 39,
    seats: null,
    everyMonths: 0,
    entryLevel: 'A2',
    targetLevel: null,
    providerHints: ['Ausbildungsverbund', 'Berufsbildungszentrum'],
  }),
];

export function offerKind(type: OfferType): OfferKind {
  const found = OFFER_KINDS.find((k) => k.type === type);
  if (!found) throw new RangeError(`no offer kind ${type}`);
  return found;
}

/** FB4 is funded at 37.50 € per teaching unit (programme rule); FB2/FB3 rates assumed. Cents per unit. */
export const COST_PER_UNIT_CENTS: Readonly<Partial<Record<OfferType, number>>> = {
  preparation_course: 3750,
  school_certificate_course: 3500,
  job_language_support: 3750,
  job_qualification: 4000,
};
/** FB1 coaching is paid per participant-month (assumed 450 €). */
export const COACHING_PER_MONTH_CENTS = 45_000;

export const ENROLMENT_PARAMETERS = {
  /** Share taking a language course during the case, by German level at entry (assumed). */
  languageCourse: { A0: 0.85, A1: 0.8, A2: 0.65, B1: 0.35, B2: 0.15, C1: 0, C2: 0, native: 0 } as Record<
    CefrLevel,
    number
  >,
  /** Under 27 at entry: share that takes the youth integration course instead of the general one (assumed). */
  youthCourse: 0.4,
  /** Integration course exam (reference-data.md): B1 48.7 %, A2 40.8 %, the rest below A2. */
  integrationCourseResult: { B1: 0.487, A2: 0.408 },
  /** Job-related language course B1→B2 passed (assumed). */
  jobLanguagePassed: 0.6,
  /** FB3: ESA reached 60 %, EESA 10 % (assumed). */
  schoolCertificate: { esa: 0.6, eesa: 0.1 },
  /** Measure drop-out (reference-data.md, assumed there): 25 % of the measures started. */
  dropout: 0.25,
  /** Training contracts cut short (reference-data.md): 35 %. */
  trainingCutShort: 0.35,
  /** EQ → training (reference-data.md): 60–70 %. */
  eqToTraining: 0.65,
  /** Low school at entry, no FB3: share that goes to a BvB or a Berufskolleg class (assumed). */
  transitionMeasure: 0.12,
  /** Share of referrals that never start (no place, changed plans) (assumed). */
  notStarted: 0.04,
  /**
   * People whose path is a measure career on purpose (assumed 14 %; together with the careers that arise from
   * failed exams and drop-outs, 10–20 % of the people with measures show one).
   */
  careers: 0.14,
  /** Open cases of a window ending today: share with a next measure already booked (waiting) (assumed). */
  nextStepBooked: 0.35,
  /** Cohort courses take late entries in their first weeks (days, assumed). */
  lateEntryDays: 21,
};
