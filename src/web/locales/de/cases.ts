// German texts of case work that the application shell needs at once: the navigation and the administration's
// card. The pages' texts (de/cases-pages.ts) load with the pages, so that the initial bundle stays small; their
// type is declared here, so that every key is checked wherever `t` is used.
import type { casesPagesDe } from './cases-pages.ts';

const shell = {
  nav: {
    caseload: 'Meine Fälle',
    policy: 'Kommunale Einstellungen',
  },
  policy: {
    card: 'Die Regeln Ihrer Kommune für die Förderfähigkeit und die Löschfristen.',
  },
};
export type CasesShell = typeof shell;

/** At run time only the shell; registerCaseTexts (features/cases/case-texts.ts) adds the rest with the pages. */
export const casesDe = shell as CasesShell & typeof casesPagesDe;
