// Budget allocation as pure rules: reading an allocation key or population figures (entered as JSON or CSV),
// checking them against the known recipients, and distributing a strand's state budget of a year to the
// recipients — by a key with the largest-remainder method (exact to the cent), or by the FB6 post formula
// (posts × the strand's post rate). Every problem is a field error with the path of the entry it is about.
import { parseCsv } from '../imports/participant-import.csv.ts';
import type { FundingProblem } from './funding.context.ts';
import { distributeByWeights, sumCents } from './money.shared.ts';
import type { StrandDefinition } from './programme.definition.ts';
import { formulaPostHundredths, fteText, mayReceiveStrand, postCents, type PostRate } from './programme.rules.ts';

/** A recipient of the state's funds: a district or district-free city (53 in NRW). */
export interface Recipient {
  id: string;
  name: string;
  officialKey: string | null;
  allianceMember: boolean;
  budgetRecovery: boolean;
}

// --- Reading keys and population figures --------------------------------------------------------------------

/** The sum of a key's shares may differ from 100 % by this much (published keys round each share). */
export const SHARE_SUM_TOLERANCE = '0.01';
const SHARE_PATTERN = /^(\d{1,3})(?:[.,](\d{1,8}))?$/;

/** "5,60124" or "5.60124" → "5.60124" (exact decimal text), or null when it is not a share in (0, 100]. */
export function normaliseShare(text: string): string | null {
  const match = SHARE_PATTERN.exec(text.trim());
  if (!match) return null;
  const value = `${Number(match[1])}.${(match[2] ?? '').padEnd(8, '0')}`;
  const scaled = BigInt(value.replace('.', ''));
  if (scaled <= 0n || scaled > 100n * 10n ** 8n) return null;
  return value.replace(/\.?0+$/, '') || '0';
}

/** A share as hundred-millionths of a percent (exact). */
function shareUnits(share: string): bigint {
  const [whole = '0', fraction = ''] = share.split('.');
  return BigInt(whole) * 10n ** 8n + BigInt(fraction.padEnd(8, '0'));
}

/** Where the problems of a list point: the list itself, and a column of one entry ("shares.3.share"). */
export interface EntryPaths<Column extends string> {
  list: string;
  entry: (index: number, column: Column) => string;
}

export interface ShareEntry {
  officialKey: string;
  share: string;
}

export interface ResolvedShare {
  recipientId: string;
  share: string;
}

/**
 * Checks the entries of a key against the recipients: every official key known and named once, every share a
 * number in (0, 100] with at most eight decimals, and the shares adding up to 100 % (± 0.01). `field` is the
 * path of the list in the request ("shares"), or "csv" with the line number for an upload.
 */
export function resolveShares(
  entries: readonly ShareEntry[],
  recipients: readonly Recipient[],
  paths: EntryPaths<'officialKey' | 'share'>,
): { shares: ResolvedShare[]; problems: FundingProblem[] } {
  const field = paths.entry;
  const byKey = new Map(recipients.flatMap((r) => (r.officialKey ? [[r.officialKey, r] as const] : [])));
  const problems: FundingProblem[] = [];
  const shares: ResolvedShare[] = [];
  const seen = new Set<string>();
  let total = 0n;
  entries.forEach((entry, index) => {
    const recipient = byKey.get(entry.officialKey.trim());
    if (!recipient) {
      problems.push({
        field: field(index, 'officialKey'),
        code: 'unknown_recipient',
        message: `no district or district-free city has the official key ${entry.officialKey.trim().slice(0, 20)}`,
      });
    } else if (seen.has(recipient.id)) {
      problems.push({
        field: field(index, 'officialKey'),
        code: 'duplicate',
        message: `${recipient.name} is named twice`,
      });
    }
    const share = normaliseShare(entry.share);
    if (share === null) {
      problems.push({
        field: field(index, 'share'),
        code: 'invalid_share',
        message: 'a share is a percentage above 0 and at most 100, with at most eight decimals',
      });
    }
    if (recipient && share !== null && !seen.has(recipient.id)) {
      seen.add(recipient.id);
      total += shareUnits(share);
      shares.push({ recipientId: recipient.id, share });
    }
  });
  if (entries.length === 0) {
    problems.push({ field: paths.list, code: 'empty', message: 'no shares' });
  } else if (problems.length === 0) {
    const tolerance = shareUnits(SHARE_SUM_TOLERANCE);
    const hundred = 100n * 10n ** 8n;
    if (total > hundred + tolerance || total < hundred - tolerance) {
      problems.push({
        field: paths.list,
        code: 'shares_not_100',
        message: `the shares add up to ${unitsText(total)} %, not 100 %`,
      });
    }
  }
  return { shares, problems };
}

function unitsText(units: bigint): string {
  const whole = units / 10n ** 8n;
  const fraction = (units % 10n ** 8n).toString().padStart(8, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

export interface CsvTable {
  /** The data rows with the line each came from (1 = the header). */
  rows: { line: number; cells: string[] }[];
  problems: FundingProblem[];
}

/**
 * A two-column CSV upload (official key; value), ';' or ',' separated, with a header row whose names are free
 * ("AGS;Anteil", "Schlüssel,Geduldete 18–27"). Further columns (a name) are ignored.
 */
export function readTwoColumnCsv(text: string): CsvTable {
  const parsed = parseCsv(new TextEncoder().encode(text));
  const problems: FundingProblem[] = parsed.problems.map((p) => ({
    field: p.row === null ? 'csv' : `csv.${p.row}`,
    code: p.code,
    message: p.message,
  }));
  if (problems.length === 0 && parsed.header.length < 2) {
    problems.push({ field: 'csv', code: 'columns', message: 'the file needs two columns: official key and value' });
  }
  return {
    rows: parsed.records.map((record) => ({ line: record.row, cells: record.cells })),
    problems,
  };
}

/** Population figures: tolerated persons aged 18–27 per official key. */
export interface PopulationEntry {
  officialKey: string;
  tolerated18To27: number;
}

export function resolvePopulation(
  entries: readonly PopulationEntry[],
  recipients: readonly Recipient[],
  paths: EntryPaths<'officialKey' | 'tolerated18To27'>,
): { figures: { recipientId: string; tolerated: number }[]; problems: FundingProblem[] } {
  const field = paths.entry;
  if (entries.length === 0)
    return { figures: [], problems: [{ field: paths.list, code: 'empty', message: 'no figures' }] };
  const byKey = new Map(recipients.flatMap((r) => (r.officialKey ? [[r.officialKey, r] as const] : [])));
  const problems: FundingProblem[] = [];
  const figures: { recipientId: string; tolerated: number }[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const recipient = byKey.get(entry.officialKey.trim());
    if (!recipient) {
      problems.push({
        field: field(index, 'officialKey'),
        code: 'unknown_recipient',
        message: `no district or district-free city has the official key ${entry.officialKey.trim().slice(0, 20)}`,
      });
      return;
    }
    if (seen.has(recipient.id)) {
      problems.push({
        field: field(index, 'officialKey'),
        code: 'duplicate',
        message: `${recipient.name} is named twice`,
      });
      return;
    }
    if (
      !Number.isSafeInteger(entry.tolerated18To27) ||
      entry.tolerated18To27 < 0 ||
      entry.tolerated18To27 > 1_000_000
    ) {
      problems.push({
        field: field(index, 'tolerated18To27'),
        code: 'invalid_number',
        message: 'a number of persons from 0 to 1,000,000',
      });
      return;
    }
    seen.add(recipient.id);
    figures.push({ recipientId: recipient.id, tolerated: entry.tolerated18To27 });
  });
  return { figures, problems };
}

/** "1.234" or "1234" (German thousands separators allowed) → 1234; NaN when it is not a whole number. */
export function parseCount(text: string): number {
  const trimmed = text.trim();
  if (!/^(\d{1,3}(\.\d{3})+|\d+)$/.test(trimmed)) return Number.NaN;
  return Number(trimmed.replaceAll('.', ''));
}

// --- Distributing a budget ------------------------------------------------------------------------------------

export type ExclusionReason = 'not_alliance_member' | 'no_population';

export interface AllocationLine {
  recipientId: string;
  /** The recipient's weight: its share in percent (key) or its posts (formula), as exact decimal text. */
  weight: string;
  amountCents: number;
}

export interface Allocation {
  lines: AllocationLine[];
  excluded: { recipientId: string; reason: ExclusionReason }[];
  totalCents: number;
}

/**
 * By key: `amountCents` over the recipients by their shares, with the largest-remainder method (the parts add up
 * to the amount exactly; none is more than a cent off its exact share). Recipients that may not receive the
 * strand (FB6: not an alliance member) are left out and the shares of the others re-weighted.
 */
export function allocateByKey(
  strand: StrandDefinition,
  amountCents: number,
  shares: readonly ResolvedShare[],
  recipients: ReadonlyMap<string, Recipient>,
): Allocation {
  const excluded: Allocation['excluded'] = [];
  const eligible = shares.filter((share) => {
    const recipient = recipients.get(share.recipientId);
    const ok = recipient !== undefined && mayReceiveStrand(strand, recipient);
    if (!ok) excluded.push({ recipientId: share.recipientId, reason: 'not_alliance_member' });
    return ok;
  });
  if (eligible.length === 0) return { lines: [], excluded, totalCents: 0 };
  const parts = distributeByWeights(
    amountCents,
    eligible.map((share) => share.share),
  );
  const lines = eligible.map((share, index) => ({
    recipientId: share.recipientId,
    weight: share.share,
    amountCents: parts[index] ?? 0,
  }));
  return { lines, excluded, totalCents: sumCents(lines.map((line) => line.amountCents)) };
}

/**
 * By the FB6 post formula: each alliance member with a population figure gets max(0.5, tolerated 18–27 / 100)
 * posts × the strand's post rate for a whole year (postCents, rounded down per recipient). Recipients without a
 * figure or outside the alliance are listed as excluded. With `scaleToCents`, a total above that amount is scaled
 * down to it by the largest-remainder method in proportion to the formula amounts (each recipient then gets the
 * same fraction of its formula amount, to the cent).
 */
export function allocateByPostsFormula(
  strand: StrandDefinition,
  rate: PostRate,
  population: ReadonlyMap<string, number>,
  recipients: readonly Recipient[],
  scaleToCents: number | null,
): Allocation {
  const formula = strand.postsFormula;
  if (!formula) throw new Error(`strand ${strand.code} has no post formula`);
  const excluded: Allocation['excluded'] = [];
  const lines: AllocationLine[] = [];
  for (const recipient of recipients) {
    const tolerated = population.get(recipient.id);
    if (!mayReceiveStrand(strand, recipient)) {
      if (tolerated !== undefined) excluded.push({ recipientId: recipient.id, reason: 'not_alliance_member' });
      continue;
    }
    if (tolerated === undefined) {
      excluded.push({ recipientId: recipient.id, reason: 'no_population' });
      continue;
    }
    const posts = fteText(formulaPostHundredths(tolerated, formula));
    lines.push({ recipientId: recipient.id, weight: posts, amountCents: postCents(rate, posts, 12) });
  }
  let total = sumCents(lines.map((line) => line.amountCents));
  if (scaleToCents !== null && total > scaleToCents && lines.length > 0) {
    const parts = distributeByWeights(
      scaleToCents,
      lines.map((line) => line.amountCents),
    );
    lines.forEach((line, index) => {
      line.amountCents = parts[index] ?? 0;
    });
    total = scaleToCents;
  }
  return { lines, excluded, totalCents: total };
}
