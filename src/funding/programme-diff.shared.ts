// What changed between two versions of a programme's definition, as a list of leaf changes a person can read:
// "strands.FB4.teachingHourRateCents: 3750 → 4000". Lists of strands and post rates are matched by their code,
// annual budgets by their year, so that inserting a strand reads as one strand added (not every later strand
// changed). Pure; shared by the server (the diff endpoint, the audit entry) and the web (the form shows what
// a new version changes before it is saved).

export type DefinitionChangeKind = 'added' | 'removed' | 'changed';

export interface DefinitionChange {
  /** Dotted path; list entries by their code or year: "strands.FB6.annualBudgets.2020.amountCents". */
  path: string;
  kind: DefinitionChangeKind;
  /** The value before (absent when added), as JSON. */
  before?: unknown;
  /** The value after (absent when removed), as JSON. */
  after?: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The key an entry of a list is known by: its code, its budget year, else its position. */
function entryKey(entry: unknown, index: number): string {
  if (isObject(entry)) {
    if (typeof entry.code === 'string') return entry.code;
    if (typeof entry.budgetYear === 'number') return String(entry.budgetYear);
  }
  return String(index);
}

function keyed(list: readonly unknown[]): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  list.forEach((entry, index) => {
    const key = entryKey(entry, index);
    // Two entries with one key (never in a valid definition): fall back to the position for the later one.
    entries.set(entries.has(key) ? String(index) : key, entry);
  });
  return entries;
}

function isPlainList(list: readonly unknown[]): boolean {
  return list.every((entry) => !isObject(entry));
}

function walk(before: unknown, after: unknown, path: string, out: DefinitionChange[]): void {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const key of keys) walk(before[key], after[key], path ? `${path}.${key}` : key, out);
    return;
  }
  // Lists of objects are compared entry by entry; lists of plain values (cost categories) as one value.
  if (Array.isArray(before) && Array.isArray(after) && !(isPlainList(before) && isPlainList(after))) {
    const a = keyed(before);
    const b = keyed(after);
    for (const key of new Set([...a.keys(), ...b.keys()])) walk(a.get(key), b.get(key), `${path}.${key}`, out);
    return;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  if (before === undefined) out.push({ path, kind: 'added', after: after });
  else if (after === undefined) out.push({ path, kind: 'removed', before: before });
  else out.push({ path, kind: 'changed', before: before, after: after });
}

/** The changes from one definition to the next, in the order of the definition's fields. */
export function diffDefinitions(before: unknown, after: unknown): DefinitionChange[] {
  const changes: DefinitionChange[] = [];
  walk(before, after, '', changes);
  return changes;
}
