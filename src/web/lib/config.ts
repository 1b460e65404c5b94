// Settings of the web front end that an operator adapts before going live.

/**
 * Address for feedback on accessibility (BITV 2.0 § 7 / EU 2018/1523: feedback mechanism).
 * Placeholder: the operating body must replace it with its own monitored mailbox.
 */
export const ACCESSIBILITY_CONTACT_EMAIL = 'barrierefreiheit@example.org';

/** Date the accessibility statement was prepared (ISO 8601); update it with every review. */
export const ACCESSIBILITY_STATEMENT_DATE = '2026-11-29';

/**
 * Enforcement bodies named in the statement. Their names are German proper names in both
 * languages (rendered with lang="de").
 */
export const ENFORCEMENT_BODIES = {
  nrw: {
    name: 'Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen',
    url: 'https://www.lbbp.nrw.de/ombudsstelle',
  },
  federal: {
    name: 'Schlichtungsstelle nach § 16 Behindertengleichstellungsgesetz (BGG)',
    url: 'https://www.schlichtungsstelle-bgg.de',
  },
} as const;

/** Version of the package the bundle was built from (set by vite.config.ts). */
export const APP_VERSION: string = import.meta.env.VITE_APP_VERSION;
