// The proof-of-use pages' texts travel with the pages (their own chunk), not in the initial bundle: de.ts and
// en.ts only type them. They are added to the i18next instance when this module loads.
import type { i18n as I18n } from 'i18next';
import { fundingProofsDe } from '../../locales/de/funding-proofs.ts';
import { fundingProofsEn } from '../../locales/en/funding-proofs.ts';

export const FUNDING_PROOF_TEXTS = { de: fundingProofsDe, en: fundingProofsEn } as const;

/** Adds the texts under `fundingProofs` in every language (later calls change nothing). */
export function registerFundingProofTexts(i18n: I18n): void {
  for (const [language, texts] of Object.entries(FUNDING_PROOF_TEXTS)) {
    i18n.addResourceBundle(language, 'translation', { fundingProofs: texts }, true, false);
  }
}
