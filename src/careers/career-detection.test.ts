// The difference a run applies to the stored alerts, and the jsonb text it compares figures by (that the text is
// PostgreSQL's own is proven on a real database: a second run over unchanged data writes nothing).
import { describe, expect, it } from 'vitest';
import type { StoredAlert } from './career.repository.ts';
import type { CareerFinding } from './career.rules.ts';
import { diffAlerts, jsonbText } from './career-detection.service.ts';

const P = '00000000-0000-4000-8000-000000000001';
const E1 = '00000000-0000-4000-8000-0000000000e1';
const E2 = '00000000-0000-4000-8000-0000000000e2';

const finding = (rule: CareerFinding['rule'], ids: string[], details: CareerFinding['details']): CareerFinding => ({
  rule,
  anchorEnrolmentId: ids[0] as string,
  enrolmentIds: ids,
  details,
});

function stored(id: string, rule: StoredAlert['rule'], status: StoredAlert['status'], ids: string[], details: object) {
  return {
    id,
    participant_id: P,
    rule,
    anchor_enrolment_id: ids[0] as string,
    enrolment_ids: `{${ids.join(',')}}`,
    details: jsonbText(details),
    status,
  } satisfies StoredAlert;
}

describe('jsonbText', () => {
  it('prints like PostgreSQL prints jsonb: keys by length, then bytes; ", " and ": " between items', () => {
    expect(jsonbText({ firstOn: '2022-03-01', months: 24, days: 732 })).toBe(
      '{"days": 732, "months": 24, "firstOn": "2022-03-01"}',
    );
    expect(jsonbText({ reasons: ['health', 'overload'], level: null, rungs: { school: 'none', language: 'A2' } })).toBe(
      '{"level": null, "rungs": {"school": "none", "language": "A2"}, "reasons": ["health", "overload"]}',
    );
    expect(jsonbText({ b: 1, a: 2, skipped: undefined })).toBe('{"a": 2, "b": 1}');
  });
});

describe('diffAlerts', () => {
  const details = { count: 2, withinMonths: 12 };

  it('opens new findings and leaves unchanged alerts alone', () => {
    const diff = diffAlerts(new Map([[P, [finding('repeated_dropouts', [E1, E2], details)]]]), []);
    expect(diff.inserts).toEqual([
      { participant_id: P, rule: 'repeated_dropouts', anchor_enrolment_id: E1, enrolment_ids: [E1, E2], details },
    ]);
    const same = diffAlerts(new Map([[P, [finding('repeated_dropouts', [E1, E2], details)]]]), [
      stored('a1', 'repeated_dropouts', 'open', [E1, E2], details),
    ]);
    expect(same).toEqual({ inserts: [], refreshes: [], resolves: [] });
  });

  it('refreshes changed enrolments or figures, keeping the state; reopens a resolved alert', () => {
    const found = new Map([[P, [finding('repeated_dropouts', [E1, E2], details)]]]);
    expect(diffAlerts(found, [stored('a1', 'repeated_dropouts', 'acknowledged', [E1], details)]).refreshes).toEqual([
      { id: 'a1', enrolment_ids: [E1, E2], details, reopen: false },
    ]);
    expect(
      diffAlerts(found, [stored('a1', 'repeated_dropouts', 'dismissed', [E1, E2], { count: 3, withinMonths: 12 })])
        .refreshes,
    ).toEqual([{ id: 'a1', enrolment_ids: [E1, E2], details, reopen: false }]);
    expect(diffAlerts(found, [stored('a1', 'repeated_dropouts', 'resolved', [E1, E2], details)]).refreshes).toEqual([
      { id: 'a1', enrolment_ids: [E1, E2], details, reopen: true },
    ]);
  });

  it('resolves open alerts no longer found, never acknowledged or dismissed ones', () => {
    const gone = [
      stored('a1', 'no_progress', 'open', [E1], details),
      stored('a2', 'repeated_dropouts', 'acknowledged', [E1], details),
      stored('a3', 'gap_after_measure', 'dismissed', [E2], details),
      stored('a4', 'long_without_qualification', 'resolved', [E2], details),
    ];
    expect(diffAlerts(new Map(), gone)).toEqual({ inserts: [], refreshes: [], resolves: ['a1'] });
  });
});
