// The participant pages' texts travel with the pages (their own chunk), not in the initial bundle: de.ts and
// en.ts only type them. They are added to the i18next instance when this module loads, before any of the
// pages renders.
import type { i18n as I18n } from 'i18next';
import { participantsDe } from '../../locales/de/participants.ts';
import { participantsEn } from '../../locales/en/participants.ts';

export const PARTICIPANT_TEXTS = { de: participantsDe, en: participantsEn } as const;

/** Adds the texts under `participants` in every language (once; later calls change nothing). */
export function registerParticipantTexts(i18n: I18n): void {
  for (const [language, texts] of Object.entries(PARTICIPANT_TEXTS)) {
    i18n.addResourceBundle(language, 'translation', { participants: texts }, true, false);
  }
}
