// The parameters of the demo data profiles, restating reference-data.md ("Generator parameters"). Values
// marked "assumed" there are assumed here too; they are data, not code, so that a better figure changes one
// line. Pure.
import type { CaseOutcome } from '../cases/case.codes.ts';
import type { CefrLevel } from '../participants/participant.codes.ts';
import type { Weighted } from './random.ts';

export const seedProfileNames = ['koeln', 'nrw'] as const;
export type SeedProfileName = (typeof seedProfileNames)[number];

/** The status a person had when entering; the four Duldung paragraphs are told apart. */
export type EntryStatus = '60a' | '60b' | '60c' | '60d' | 'gestattung' | 'other';

export type AgeBand = '18-20' | '21-23' | '24-26' | '27';

/** School at entry (reference-data.md "school at entry"). */
export type SchoolAtEntry = 'none' | 'unrecognised' | 'foreign_esa' | 'german_esa' | 'german_eesa' | 'msa' | 'fhr_ahr';

/** The strands of a case: FB1–FB4 as drawn, FB6 alone for "participation management only". */
export type StrandKey = 'FB1' | 'FB2' | 'FB3' | 'FB4';

export interface SeedProfile {
  name: SeedProfileName;
  description: string;
  /** First and last day on which cases are opened and exited (DiAA offers: 1 Sep 2020 – 30 Jun 2023). */
  periodStart: string;
  periodEnd: string;
  /** Entries per month are weighted 2 in the first months, 1 after ("twice that in the first 6 months"). */
  startUpMonths: number;
  /**
   * The day the data describe for follow-ups: every exit is older than 6 months by then, so that follow-ups
   * are either done ("most") or overdue ("some").
   */
  recordedUntil: string;
  /**
   * null for the historical window (DiAA ended on 30 Jun 2023: every case closed, those still running went over
   * to KIM). Otherwise the day the data describe ("today" of the window, its last day): cases still running
   * then stay open, with plans, due steps and recent contacts (see seed-window.rules.ts).
   */
  openAt: string | null;
  /** Participants over the whole period at scale 1. */
  participants: number;
  /** Providers serving the municipality (koeln) — the NRW profile uses 1–6 per site. */
  providers: number | 'per_site';
  statusAtEntry: Weighted<EntryStatus>;
  gender: Weighted<'male' | 'female' | 'diverse'>;
  ageAtEntry: Weighted<AgeBand>;
  /** Share of people admitted outside the age range as a documented exception (assumed). */
  ageExceptionShare: number;
  germanAtEntry: Weighted<CefrLevel>;
  schoolAtEntry: Weighted<SchoolAtEntry>;
  /** Marginal uptake per strand over all participants. */
  strandUptake: Readonly<Record<StrandKey, number>>;
  /** Share with participation management only (no FB1–FB4). */
  participationManagementOnly: number;
  /** Exit outcomes over all participants; the placements add up to 23 % (Köln: 117 of 508). */
  outcomes: Weighted<CaseOutcome>;
  /** Share of follow-ups done by `recordedUntil` (assumed; the rest is overdue). */
  followUpsDone: number;
  /** Share of restricted ("anvertraut") records (assumed). */
  restrictedShare: number;
  /** Share of people recorded twice under a transliteration variant of their name (assumed). */
  nearDuplicateShare: number;
}

const common = {
  periodStart: '2020-09-01',
  periodEnd: '2023-06-30',
  startUpMonths: 6,
  recordedUntil: '2024-06-30',
  openAt: null,
  gender: [
    ['male', 83],
    ['female', 16.5],
    ['diverse', 0.5],
  ],
  ageAtEntry: [
    ['18-20', 30],
    ['21-23', 35],
    ['24-26', 28],
    ['27', 7],
  ],
  ageExceptionShare: 0.01,
  // A0/A1 25 % (assumed split 8/17), A2 35 %, B1 30 %, B2+ 10 % (assumed split 8/2).
  germanAtEntry: [
    ['A0', 8],
    ['A1', 17],
    ['A2', 35],
    ['B1', 30],
    ['B2', 8],
    ['C1', 2],
  ],
  // none or unrecognised 55 % (assumed split 30/25), foreign ≈ ESA 20 %, German ESA/EESA 15 % (9/6), MSA 7 %,
  // FHR/AHR 3 %.
  schoolAtEntry: [
    ['none', 30],
    ['unrecognised', 25],
    ['foreign_esa', 20],
    ['german_esa', 9],
    ['german_eesa', 6],
    ['msa', 7],
    ['fhr_ahr', 3],
  ],
  strandUptake: { FB1: 0.6, FB2: 0.15, FB3: 0.06, FB4: 0.35 },
  participationManagementOnly: 0.1,
  // Placements 23 % (training dual 9, school-based 2, EQ 5, employment insured 5, marginal 2); drop-out 25 %;
  // the rest assumed. Cases still running on 30 Jun 2023 went over to KIM (handover_kim).
  outcomes: [
    ['training_dual', 9],
    ['training_school', 2],
    ['entry_qualification', 5],
    ['employment_insured', 5],
    ['employment_marginal', 2],
    ['dropout', 25],
    ['moved_away', 8],
    ['departure', 4],
    ['status_change', 5],
    ['school_certificate', 4],
    ['language_certificate', 5],
    ['handover_regular', 8],
    ['handover_kim', 15],
    ['other', 3],
  ],
  followUpsDone: 0.88,
  restrictedShare: 0.015,
  nearDuplicateShare: 0.012,
} as const satisfies Partial<SeedProfile>;

export const SEED_PROFILES: Readonly<Record<SeedProfileName, SeedProfile>> = {
  koeln: {
    ...common,
    name: 'koeln',
    description: 'Stadt Köln: 508 participants over 34 months (Sep 2020 – Jun 2023), 20 providers',
    participants: 508,
    providers: 20,
    // Duldung 70 % of which §60b 6, §60c 3, §60d 1 points (of all participants), §60a the remaining 60.
    statusAtEntry: [
      ['60a', 60],
      ['60b', 6],
      ['60c', 3],
      ['60d', 1],
      ['gestattung', 25],
      ['other', 5],
    ],
  },
  nrw: {
    ...common,
    name: 'nrw',
    description: 'All 53 grant recipients in NRW: 5,500 participants by site weight, 1–6 providers per site',
    participants: 5500,
    providers: 'per_site',
    statusAtEntry: [
      ['60a', 55],
      ['60b', 6],
      ['60c', 3],
      ['60d', 1],
      ['gestattung', 30],
      ['other', 5],
    ],
  },
};
