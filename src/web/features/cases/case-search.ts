// The open part of the case page lives in the address (/cases/…?section=plan), so that a link or the back
// button returns to it. Pure: no I/O.

export const CASE_SECTIONS = [
  'overview',
  'assessment',
  'plan',
  'contacts',
  'referrals',
  'conferences',
  'documents',
  'exit',
] as const;
export type CaseSection = (typeof CASE_SECTIONS)[number];

// A type, not an interface: it must be assignable to the router's record of search parameters.
export type CaseSearch = { section?: CaseSection };

export function isCaseSection(value: unknown): value is CaseSection {
  return typeof value === 'string' && (CASE_SECTIONS as readonly string[]).includes(value);
}

/** Whatever stands in the address, reduced to a known section (the overview when none). */
export function parseCaseSearch(search: Record<string, unknown>): { section: CaseSection } {
  return { section: isCaseSection(search.section) ? search.section : 'overview' };
}

/** The search of the router's route: only a known section other than the overview is kept. */
export function validateCaseSearch(search: Record<string, unknown>): CaseSearch {
  const { section } = parseCaseSearch(search);
  return section === 'overview' ? {} : { section };
}
