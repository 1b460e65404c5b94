// Texts looked up with keys built at run time (reason codes, field paths, problem codes) are not checked by the
// type of `t`: this test checks that every key the pages can build exists in the locales.
import { describe, expect, it } from 'vitest';
import { participantsDe } from '../../locales/de/participants.ts';
import { FIELD_LABEL_KEYS } from './form-parts.tsx';
import { KNOWN_DUPLICATE_REASONS } from './duplicate-candidates.tsx';
import { KNOWN_REASON_CODES } from './eligibility-text.ts';
import { KNOWN_IMPORT_CODES } from './participant-import-page.tsx';

function has(path: string): boolean {
  let node: unknown = { participants: participantsDe };
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string';
}

describe('keys built at run time', () => {
  it('exist for every eligibility reason code the page knows', () => {
    for (const code of KNOWN_REASON_CODES) expect(has(`participants.eligibility.reasons.${code}`), code).toBe(true);
  });

  it('exist for every field label, duplicate reason and import problem code', () => {
    for (const key of Object.values(FIELD_LABEL_KEYS)) expect(has(key), key).toBe(true);
    for (const code of KNOWN_DUPLICATE_REASONS)
      expect(has(`participants.duplicates.reasonCodes.${code}`), code).toBe(true);
    for (const code of KNOWN_IMPORT_CODES) expect(has(`participants.import.problemCodes.${code}`), code).toBe(true);
  });
});
