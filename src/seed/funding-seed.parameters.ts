// The parameters of the demo funding data (`seed`, and the demo set-up): budgets, the allocation key, the
// grants of the demo municipalities, forwarding, payments and a proof of use in progress. Values marked
// "assumed" have no published source; they are data, not code, so that a better figure changes one line. The
// programme's own numbers (total 50 Mio €, FB5 cap, FB6 annual budgets, own-contribution rates, the two-month
// rule, the 20 % line tolerance) are NOT here: they come from the programme definition
// (src/funding/programmes/durchstarten.json). Pure.
import type { CostCategory } from '../funding/funding.codes.ts';

export const FUNDING_PROGRAMME_CODE = 'DIAA';

/** The strands distributed by the allocation key (FB1–FB4) and the budget years their money is spent in. */
export const KEY_STRANDS = ['FB1', 'FB2', 'FB3', 'FB4'] as const;
export type KeyStrand = (typeof KEY_STRANDS)[number];
export const KEY_YEARS = [2020, 2021, 2022, 2023] as const;

/**
 * How the money of FB1–FB4 (the programme's total less the FB5 cap and the FB6 annual budgets, i.e. 26.76 Mio €)
 * is split over strands and budget years (assumed: coaching the largest strand, as in the published funnels;
 * offers ran from Sep 2020 to Jun 2023, so 2020 and 2023 are part years). The same split shapes the demo grants.
 */
export const STRAND_WEIGHTS: Readonly<Record<KeyStrand, number>> = { FB1: 45, FB2: 15, FB3: 10, FB4: 30 };
export const YEAR_WEIGHTS: Readonly<Record<(typeof KEY_YEARS)[number], number>> = {
  2020: 10,
  2021: 33,
  2022: 37,
  2023: 20,
};

/**
 * The allocation key of the demo (assumed): shares in proportion to the estimated tolerated persons per grant
 * recipient of src/seed/nrw-sites.ts, NOT the FlüAG key. The real key can be entered instead (POST
 * /api/v1/funding/budgets/keys, CSV "AGS;Anteil") and the budgets distributed again.
 */
export const DEMO_KEY = {
  name: 'Demo-Verteilschlüssel (angenommen: geschätzte Geduldete je Empfänger)',
  referenceDate: '2019-12-31',
  source:
    'Angenommen für die Demo: Anteile nach den geschätzten Geduldeten je Kreis/kreisfreier Stadt (nrw-sites.ts), ' +
    'nicht der FlüAG-Schlüssel. Verteilt wird der Teil des Landesbudgets, der auf die vorhandenen Empfänger entfällt.',
} as const;

/**
 * FB6 post formula input (assumed): tolerated persons aged 18–27 as this share of a site's estimated tolerated
 * persons (Köln: 5,958 × 0.25 ≈ 1,490 → 14.9 posts).
 */
export const TOLERATED_18_27_SHARE = 0.25;
export const POPULATION = {
  referenceDate: '2019-12-31',
  source: 'Angenommen für die Demo: 25 % der geschätzten Geduldeten je Empfänger (nrw-sites.ts)',
} as const;
/** FB6 is distributed for the years the posts ran (Köln: from March 2020); 2019's budget stays unallocated. */
export const FB6_YEARS = [2020, 2021, 2022, 2023] as const;

/** Köln's published volume: 2,956,360 € including the 20 % own contribution of 591,272 € (domain.md). */
export const KOELN_GRANT = {
  officialKey: '05315000',
  costsCents: 295_636_000,
  ownContributionCents: 59_127_200,
} as const;

/** Rhein-Kreis Neuss (assumed): its grant asks for this share of its FB1–FB4 allocation of every strand and year. */
export const NEUSS_GRANT = { officialKey: '05162000', shareOfAllocation: 0.85 } as const;

/** Application period of the demo grants: the DiAA offers. */
export const GRANT_PERIOD = { from: '2020-09-01', to: '2023-06-30' } as const;

/** The story's days (Europe/Berlin), so that the two-month rule and the decision dates are those of the time. */
export const TIMELINE = {
  drafted: '2020-02-03T09:00:00+01:00',
  submitted: '2020-03-02T10:30:00+01:00',
  decided: '2020-07-15T11:00:00+02:00',
  contractsConcluded: '2020-08-24T10:00:00+02:00',
  amended: '2021-09-20T11:00:00+02:00',
  providerProofCreated: '2023-02-13T09:00:00+01:00',
  providerProofSubmitted: '2023-03-01T15:00:00+01:00',
  proofCreated: '2023-03-15T09:00:00+01:00',
  proofWorkedOn: '2023-04-11T14:00:00+02:00',
} as const;

/** Cost lines of a strand's plan per budget year: category, description, share of the cell's costs. */
export interface LineTemplate {
  category: CostCategory;
  description: string;
  share: number;
}
export const LINE_TEMPLATES: Readonly<Record<KeyStrand, readonly LineTemplate[]>> = {
  FB1: [
    { category: 'personnel', description: 'Personalkosten Coaches (Träger, weitergeleitet)', share: 0.94 },
    { category: 'travel', description: 'Fahrtkosten aufsuchendes Coaching', share: 0.06 },
  ],
  FB2: [
    { category: 'personnel', description: 'Lehrkräfte berufsbegleitende Sprachförderung', share: 0.7 },
    { category: 'material', description: 'Lehr- und Lernmaterial', share: 0.1 },
    { category: 'rent', description: 'Raummiete Kursräume', share: 0.2 },
  ],
  FB3: [
    { category: 'personnel', description: 'Lehrkräfte Hauptschulabschlusskurse', share: 0.8 },
    { category: 'exam_fees', description: 'Prüfungsgebühren externe Prüfung', share: 0.05 },
    { category: 'material', description: 'Lehr- und Lernmaterial', share: 0.15 },
  ],
  // FB4: teaching hours at the strand's flat rate (from the definition) and exam fees at actual cost.
  FB4: [
    {
      category: 'teaching_hours',
      description: 'Unterrichtsstunden Jugendintegrations- und Vorbereitungskurse',
      share: 0.97,
    },
    { category: 'exam_fees', description: 'Prüfungsgebühren (nach tatsächlichem Aufwand)', share: 0.03 },
  ],
};

/** Coaching posts (FB1) of Köln's plan at its providers (assumed). */
export const KOELN_POSTS = [
  { fte: '1.00', annualCents: 6_200_000 },
  { fte: '1.00', annualCents: 6_200_000 },
  { fte: '1.00', annualCents: 6_200_000 },
  { fte: '0.50', annualCents: 3_100_000 },
] as const;

/**
 * Payment requests of Köln (Mittelabrufe) in the order they were made: the share of every strand's decided amount
 * of a budget year asked for, due a month later (within the programme's two-month rule), and how far the four eyes
 * got. Per year the shares add up to at most 100 % (2023: 30 % approved once, 25 % requested). The story stands in
 * spring 2023, while the interim statement of 2022 is being written.
 */
export interface PaymentStep {
  requestedAt: string;
  tranches: readonly { budgetYear: number; shareBp: number }[];
  outcome: 'paid' | 'approved_once' | 'requested';
}
export const KOELN_PAYMENTS: readonly PaymentStep[] = [
  { requestedAt: '2020-09-01T10:00:00+02:00', tranches: [{ budgetYear: 2020, shareBp: 5000 }], outcome: 'paid' },
  {
    requestedAt: '2021-01-15T10:00:00+01:00',
    tranches: [
      { budgetYear: 2020, shareBp: 3000 },
      { budgetYear: 2021, shareBp: 3000 },
    ],
    outcome: 'paid',
  },
  { requestedAt: '2021-05-17T10:00:00+02:00', tranches: [{ budgetYear: 2021, shareBp: 3000 }], outcome: 'paid' },
  { requestedAt: '2021-09-15T10:00:00+02:00', tranches: [{ budgetYear: 2021, shareBp: 3000 }], outcome: 'paid' },
  { requestedAt: '2022-01-17T10:00:00+01:00', tranches: [{ budgetYear: 2022, shareBp: 3000 }], outcome: 'paid' },
  { requestedAt: '2022-05-16T10:00:00+02:00', tranches: [{ budgetYear: 2022, shareBp: 3000 }], outcome: 'paid' },
  { requestedAt: '2022-09-15T10:00:00+02:00', tranches: [{ budgetYear: 2022, shareBp: 3000 }], outcome: 'paid' },
  {
    requestedAt: '2023-01-16T10:00:00+01:00',
    tranches: [{ budgetYear: 2023, shareBp: 3000 }],
    outcome: 'approved_once',
  },
  { requestedAt: '2023-03-15T10:00:00+01:00', tranches: [{ budgetYear: 2023, shareBp: 2500 }], outcome: 'requested' },
];

/**
 * The amendment (Änderungsbescheid) of Köln's grant: fewer teaching hours in 2020 (FB4; courses started late in
 * the pandemic) moved to coaching in 2022 (FB1), the total unchanged. At most this much, and never more than
 * the 2022 FB1 allocation leaves free or the 2020 FB4 amount leaves unpaid (assumed).
 */
export const KOELN_AMENDMENT = {
  from: { strand: 'FB4', budgetYear: 2020 },
  to: { strand: 'FB1', budgetYear: 2022 },
  maxCents: 1_200_000,
  reason:
    'Umschichtung: Pandemiebedingt begannen die Kurse (FB4) 2020 später, weniger Unterrichtsstunden; der Betrag ' +
    'wird 2022 für zusätzliches Coaching (FB1) eingesetzt. Die Gesamtzuwendung bleibt unverändert.',
} as const;

/** Forwarding contracts of Köln (ANBest-P): the share of every decided amount of the strand forwarded. */
export const KOELN_CONTRACTS = [
  { strand: 'FB1', shareBp: 3000, purpose: 'Coaching junger Geflüchteter (FB1) im Stadtgebiet' },
  { strand: 'FB1', shareBp: 2500, purpose: 'Aufsuchendes Coaching und Begleitung in Ausbildung (FB1)' },
  { strand: 'FB2', shareBp: 4000, purpose: 'Berufsbegleitende Sprachförderung (FB2)' },
] as const;

/** The year of the interim statements in progress (due on the definition's `interimStatementDue` after it). */
export const PROOF_YEAR = 2022;
