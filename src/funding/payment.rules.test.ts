import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  approvalStep,
  latestDueOn,
  remainingCents,
  requestableCents,
  requestProblems,
  runningTotals,
  type AmountPosition,
  type Booking,
} from './payment.rules.ts';

const rule = { today: '2021-03-15', dueWithinMonths: 2 };
const fb1: AmountPosition = {
  strand: 'FB1',
  budgetYear: 2021,
  decidedCents: 1_000_000,
  paidCents: 300_000,
  openRequestedCents: 200_000,
};
const line = (overrides: Partial<{ strand: string; budgetYear: number; amountCents: number; dueOn: string }> = {}) => ({
  strand: 'FB1',
  budgetYear: 2021,
  amountCents: 100_000,
  dueOn: '2021-04-01',
  ...overrides,
});

describe('the two-month rule', () => {
  it('allows amounts due up to the same day two months later, not a day more', () => {
    expect(latestDueOn('2021-03-15', 2)).toBe('2021-05-15');
    expect(requestProblems([line({ dueOn: '2021-05-15' })], [fb1], rule)).toEqual([]);
    expect(requestProblems([line({ dueOn: '2021-05-16' })], [fb1], rule)).toEqual([
      expect.objectContaining({ field: 'lines.0.dueOn', code: 'due_too_late' }),
    ]);
  });

  it('names the rule and the latest day in the refusal', () => {
    const [problem] = requestProblems([line({ dueOn: '2021-06-01' })], [fb1], rule);
    expect(problem?.message).toContain('within 2 months');
    expect(problem?.message).toContain('2021-05-15');
  });

  it('ends at the last day of a shorter month (31 Dec + 2 = 28 Feb, 29 Feb in a leap year)', () => {
    expect(latestDueOn('2020-12-31', 2)).toBe('2021-02-28');
    expect(latestDueOn('2023-12-31', 2)).toBe('2024-02-29');
    expect(latestDueOn('2021-12-30', 2)).toBe('2022-02-28');
    expect(latestDueOn('2021-08-31', 2)).toBe('2021-10-31');
    expect(latestDueOn('2021-07-31', 2)).toBe('2021-09-30');
    expect(latestDueOn('2024-02-29', 2)).toBe('2024-04-29');
    const newYear = { today: '2020-12-31', dueWithinMonths: 2 };
    const position = { ...fb1, budgetYear: 2021 };
    expect(requestProblems([line({ dueOn: '2021-02-28' })], [position], newYear)).toEqual([]);
    expect(requestProblems([line({ dueOn: '2021-03-01' })], [position], newYear)).toHaveLength(1);
  });

  it('reads the months from the programme (0 months: only amounts due today)', () => {
    const sameDay = { today: '2021-03-15', dueWithinMonths: 0 };
    expect(requestProblems([line({ dueOn: '2021-03-15' })], [fb1], sameDay)).toEqual([]);
    expect(requestProblems([line({ dueOn: '2021-03-16' })], [fb1], sameDay)).toHaveLength(1);
  });

  it('is never earlier than today and never more than the months ahead, for any day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 24 }),
        (date, months) => {
          const day = date.toISOString().slice(0, 10);
          const latest = latestDueOn(day, months);
          expect(latest >= day).toBe(true);
          const [y, m] = day.split('-').map(Number) as [number, number];
          const [ly, lm] = latest.split('-').map(Number) as [number, number];
          expect((ly - y) * 12 + (lm - m)).toBe(months);
        },
      ),
    );
  });
});

describe('what may be requested', () => {
  it('is decided − paid − open requests, and a line may ask for exactly that', () => {
    expect(requestableCents(fb1)).toBe(500_000);
    expect(remainingCents(fb1)).toBe(700_000);
    expect(requestProblems([line({ amountCents: 500_000 })], [fb1], rule)).toEqual([]);
    expect(requestProblems([line({ amountCents: 500_001 })], [fb1], rule)).toEqual([
      expect.objectContaining({ field: 'lines.0.amountCents', code: 'exceeds_requestable' }),
    ]);
  });

  it('is zero, never negative, when an amendment lowered the decided amount below paid and open', () => {
    expect(requestableCents({ ...fb1, decidedCents: 400_000 })).toBe(0);
  });

  it('refuses a strand or year the grant has no decided amount for, and a strand and year twice', () => {
    const problems = requestProblems(
      [line({ strand: 'FB2' }), line({ budgetYear: 2022 }), line(), line({ amountCents: 1 })],
      [fb1],
      rule,
    );
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['lines.0.strand', 'not_decided'],
      ['lines.1.strand', 'not_decided'],
      ['lines.3.strand', 'duplicate_line'],
    ]);
  });

  it('lists every problem of every line', () => {
    const problems = requestProblems([line({ amountCents: 900_000, dueOn: '2021-12-31' })], [fb1], rule);
    expect(problems.map((p) => p.code)).toEqual(['due_too_late', 'exceeds_requestable']);
  });
});

describe('four eyes', () => {
  const request = { status: 'requested' as const, requestedBy: 'requester', firstApprovedBy: null };

  it('lets an officer give the first approval and another officer the second', () => {
    expect(approvalStep(request, 'officer-1')).toEqual({ ok: true, step: 'first' });
    const once = { ...request, status: 'approved_once' as const, firstApprovedBy: 'officer-1' };
    expect(approvalStep(once, 'officer-2')).toEqual({ ok: true, step: 'second' });
  });

  it('never lets the requester approve, nor the first approver approve again', () => {
    expect(approvalStep(request, 'requester')).toEqual({ ok: false, reason: 'requester' });
    const once = { ...request, status: 'approved_once' as const, firstApprovedBy: 'officer-1' };
    expect(approvalStep(once, 'officer-1')).toEqual({ ok: false, reason: 'already_approved' });
    expect(approvalStep(once, 'requester')).toEqual({ ok: false, reason: 'requester' });
  });

  it('approves only open requests', () => {
    for (const status of ['paid', 'rejected', 'withdrawn'] as const) {
      expect(approvalStep({ ...request, status }, 'officer-1')).toEqual({ ok: false, reason: 'not_open' });
    }
  });
});

describe('running totals of the ledger', () => {
  const booking = (id: string, strand: string, amountCents: number, at: string): Booking => ({
    id,
    strand,
    budgetYear: 2021,
    kind: amountCents > 0 ? 'payment' : 'repayment',
    amountCents,
    bookedOn: at.slice(0, 10),
    bookedAt: new Date(at),
  });

  it('adds up per strand and year and for the grant in booking order, repayments lowering them', () => {
    const totals = runningTotals([
      booking('c', 'FB1', -50_000, '2021-05-01T10:00:00Z'),
      booking('a', 'FB1', 300_000, '2021-03-01T10:00:00Z'),
      booking('b', 'FB2', 100_000, '2021-04-01T10:00:00Z'),
    ]);
    expect(totals.map((t) => [t.booking.id, t.strandYearTotalCents, t.grantTotalCents])).toEqual([
      ['a', 300_000, 300_000],
      ['b', 100_000, 400_000],
      ['c', 250_000, 350_000],
    ]);
  });

  it('ends at the sum of the bookings, whatever their order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: -1_000_000, max: 1_000_000 }).filter((n) => n !== 0),
          { maxLength: 30 },
        ),
        (amounts) => {
          const bookings = amounts.map((amount, index) =>
            booking(
              String(index).padStart(3, '0'),
              index % 2 ? 'FB1' : 'FB2',
              amount,
              `2021-01-01T00:00:${String(index % 60).padStart(2, '0')}Z`,
            ),
          );
          const totals = runningTotals(bookings);
          expect(totals.at(-1)?.grantTotalCents ?? 0).toBe(amounts.reduce((a, b) => a + b, 0));
        },
      ),
    );
  });
});
