import type { TranslationMessages } from '../de.ts';
import type { CasesShell } from '../de/cases.ts';
import type { Texts } from '../de/cases-pages.ts';

// English texts of case work that the application shell needs at once: the same keys as de/cases.ts.
const shell: Texts<CasesShell> = {
  nav: {
    caseload: 'My caseload',
    policy: 'Municipal settings',
  },
  policy: {
    card: 'Your municipality’s rules for eligibility and retention periods.',
  },
};

/** At run time only the shell; registerCaseTexts (features/cases/case-texts.ts) adds the rest with the pages. */
export const casesEn = shell as TranslationMessages['cases'];
