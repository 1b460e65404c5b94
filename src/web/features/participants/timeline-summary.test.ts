import { describe, expect, it } from 'vitest';
import type { Translate } from './form-parts.tsx';
import { timelineSummary } from './timeline-summary.ts';

const t: Translate = (key) => `<${key}>`;
const name = (code: string) => `lang:${code}`;
const summary = (kind: Parameters<typeof timelineSummary>[0]['kind'], text: string) =>
  timelineSummary({ kind, summary: text }, t, name);

describe('timelineSummary', () => {
  it('puts the codes of the cases API into words', () => {
    expect(summary('residence_status', 'toleration_60a')).toBe('<participants.statuses.toleration_60a>');
    expect(summary('language_added', 'fa native')).toBe('lang:fa – <participants.levels.native>');
    expect(summary('case_opened', 'diaa FB1,FB4')).toBe('<participants.eligibility.programmes.diaa>: FB1, FB4');
    expect(summary('case_exited', 'training_dual')).toBe('<participants.timeline.outcomes.training_dual>');
    expect(summary('assessment', 'housing,language')).toBe(
      '<participants.timeline.areas.housing>, <participants.timeline.areas.language>',
    );
    expect(summary('referral', 'jobcenter accepted')).toBe(
      '<participants.timeline.services.jobcenter> (<participants.timeline.referralOutcomes.accepted>)',
    );
    expect(summary('assignment_started', 'coach')).toBe('<roleNames.coach>');
  });

  it('keeps titles, topics and codes it does not know as sent', () => {
    expect(summary('contact', 'Bewerbung bei der Bäckerei')).toBe('Bewerbung bei der Bäckerei');
    expect(summary('residence_status', 'citizen')).toBe('citizen');
    expect(summary('referral', 'unknown_service pending')).toBe('unknown_service pending');
    expect(summary('participant_created', 'TN-000123')).toBe('TN-000123');
  });
});
