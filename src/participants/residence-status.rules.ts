// The history of residence statuses: periods that never overlap, kept with their dates. Adding a status ends
// the open-ended one before it on the day before the new one starts; an open-ended status put between two
// that follow each other ends the day before the later one, and the earlier one ends before it. Anything else
// that would overlap is refused: a period with an end date of its own (e.g. a document's validity) is never
// shortened implicitly, it is corrected explicitly. Pure; dates are ISO strings (YYYY-MM-DD).

export interface StatusPeriod {
  id: string;
  validFrom: string;
  validTo: string | null;
}

export interface PeriodProblem {
  field: 'validFrom' | 'validTo';
  code: 'overlaps' | 'before_start' | 'same_start';
  message: string;
}

export interface PeriodChange {
  id: string;
  validTo: string | null;
}

export interface AdditionPlan {
  /** The new status's end (its own, or the day before the next status starts). */
  validTo: string | null;
  /** Existing open-ended statuses that end now. */
  close: PeriodChange[];
  problems: PeriodProblem[];
}

function toUtc(date: string): number {
  const [year, month, day] = date.split('-').map(Number);
  const time = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0–99 as 1900–1999.
  time.setUTCFullYear(year ?? 0, (month ?? 1) - 1, day ?? 1);
  return time.getTime();
}

function fromUtc(time: number): string {
  const date = new Date(time);
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

export function dayBefore(date: string): string {
  return fromUtc(toUtc(date) - 86_400_000);
}

export function dayAfter(date: string): string {
  return fromUtc(toUtc(date) + 86_400_000);
}

const FAR_FUTURE = '9999-12-31';

function overlap(a: StatusPeriod, b: StatusPeriod): boolean {
  return a.validFrom <= (b.validTo ?? FAR_FUTURE) && b.validFrom <= (a.validTo ?? FAR_FUTURE);
}

function describe(period: StatusPeriod): string {
  return `the status valid from ${period.validFrom}${period.validTo ? ` to ${period.validTo}` : ' (open-ended)'}`;
}

/** Problems of one period against the others (its own dates, then overlaps). */
export function periodProblems(period: StatusPeriod, others: readonly StatusPeriod[]): PeriodProblem[] {
  if (period.validTo !== null && period.validTo < period.validFrom) {
    return [{ field: 'validTo', code: 'before_start', message: 'must not be before validFrom' }];
  }
  const problems: PeriodProblem[] = [];
  for (const other of others) {
    if (other.id === period.id) continue;
    if (other.validFrom === period.validFrom) {
      problems.push({
        field: 'validFrom',
        code: 'same_start',
        message: `${describe(other)} starts on the same day; correct that one instead`,
      });
    } else if (overlap(period, other)) {
      problems.push({
        field: period.validFrom > other.validFrom ? 'validFrom' : 'validTo',
        code: 'overlaps',
        message: `overlaps ${describe(other)}; correct that one first`,
      });
    }
  }
  return problems;
}

/** Where a new status goes into the history. */
export function planStatusAddition(
  existing: readonly StatusPeriod[],
  added: { validFrom: string; validTo: string | null },
): AdditionPlan {
  // The open-ended status ends when a later one is added. A status that was ended by its successor (it ends
  // the day before the next one starts) ends earlier when an open-ended status is put in between, so the
  // chain stays unbroken. A period with an end of its own (a document's validity) is never shortened here.
  const endedBySuccessor = (period: StatusPeriod) =>
    period.validTo !== null && existing.some((other) => other.validFrom === dayAfter(period.validTo ?? ''));
  const close: PeriodChange[] = existing
    .filter(
      (period) =>
        period.validFrom < added.validFrom &&
        (period.validTo === null ||
          (added.validTo === null && period.validTo >= added.validFrom && endedBySuccessor(period))),
    )
    .map((period) => ({ id: period.id, validTo: dayBefore(added.validFrom) }));
  let validTo = added.validTo;
  if (validTo === null) {
    const next = existing
      .filter((period) => period.validFrom > added.validFrom)
      .sort((a, b) => a.validFrom.localeCompare(b.validFrom))[0];
    if (next) validTo = dayBefore(next.validFrom);
  }
  const closedIds = new Map(close.map((change) => [change.id, change.validTo]));
  const after = existing.map((period) =>
    closedIds.has(period.id) ? { ...period, validTo: closedIds.get(period.id) ?? null } : period,
  );
  const problems = periodProblems({ id: '', validFrom: added.validFrom, validTo }, after);
  return { validTo, close: problems.length > 0 ? [] : close, problems };
}

/**
 * Deleting a wrongly entered status: when it was the open-ended latest one, the status it had ended (the one
 * ending the day before it started) is open-ended again, the inverse of adding it.
 */
export function planStatusDeletion(existing: readonly StatusPeriod[], deletedId: string): PeriodChange[] {
  const deleted = existing.find((period) => period.id === deletedId);
  if (!deleted || deleted.validTo !== null) return [];
  if (existing.some((period) => period.id !== deletedId && period.validFrom > deleted.validFrom)) return [];
  const previous = existing.find((period) => period.validTo === dayBefore(deleted.validFrom));
  return previous ? [{ id: previous.id, validTo: null }] : [];
}

/** The period valid on a day, if any. */
export function periodOn<T extends StatusPeriod>(periods: readonly T[], day: string): T | undefined {
  return periods
    .filter((period) => period.validFrom <= day && (period.validTo === null || period.validTo >= day))
    .sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0];
}

/**
 * A whole history entered at once (intake): each status placed as if added one after the other in the
 * order of their start. Returns every entry's end and the problems by the entry's position in the input.
 */
export function planHistory(entries: readonly { validFrom: string; validTo: string | null }[]): {
  validTo: (string | null)[];
  problems: { index: number; problem: PeriodProblem }[];
} {
  const placed: StatusPeriod[] = [];
  const problems: { index: number; problem: PeriodProblem }[] = [];
  const order = entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.validFrom.localeCompare(b.entry.validFrom));
  for (const { entry, index } of order) {
    const plan = planStatusAddition(placed, entry);
    problems.push(...plan.problems.map((problem) => ({ index, problem })));
    if (plan.problems.length > 0) continue;
    for (const change of plan.close) {
      const closed = placed.find((period) => period.id === change.id);
      if (closed) closed.validTo = change.validTo;
    }
    placed.push({ id: String(index), validFrom: entry.validFrom, validTo: plan.validTo });
  }
  return {
    validTo: entries.map(
      (entry, index) => placed.find((period) => period.id === String(index))?.validTo ?? entry.validTo,
    ),
    problems,
  };
}
