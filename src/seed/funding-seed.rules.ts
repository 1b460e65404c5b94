// The arithmetic of the demo funding data, pure: the state budgets of the key strands, the demo allocation key
// and population figures, the financing plans of the demo grants (exact to the cent: costs = requested + own
// contribution per year, the funding rate of every cell without remainder), the payment tranches and the
// actual spending of a proof in progress. Every programme number is read from the definition.
import type { CreateCostLine, CreateFundingSource, CreateRequestedAmount } from '../funding/application.schema.ts';
import { distributeByWeights, shareOf, sumCents } from '../funding/money.shared.ts';
import { strandOf, type ProgrammeDefinition } from '../funding/programme.definition.ts';
import {
  KEY_STRANDS,
  KEY_YEARS,
  LINE_TEMPLATES,
  STRAND_WEIGHTS,
  TOLERATED_18_27_SHARE,
  YEAR_WEIGHTS,
  type KeyStrand,
} from './funding-seed.parameters.ts';
import { NRW_SITES } from './nrw-sites.ts';
import type { Random } from './random.ts';

/** An amount of a strand and budget year. */
export interface Cell {
  strand: string;
  budgetYear: number;
  amountCents: number;
}

const cellKey = (strand: string, budgetYear: number) => `${strand}/${budgetYear}`;

/** The cells of the key strands in a fixed order (strand, then year), with their weights. */
function keyCells(): { strand: KeyStrand; budgetYear: number; weight: number }[] {
  return KEY_STRANDS.flatMap((strand) =>
    KEY_YEARS.map((budgetYear) => ({ strand, budgetYear, weight: STRAND_WEIGHTS[strand] * YEAR_WEIGHTS[budgetYear] })),
  );
}

/**
 * What the programme leaves for the key strands: its total less the caps of capped strands and the annual budgets
 * of strands with their own (Durchstarten: 50 Mio € − 5 Mio € FB5 − 18.24 Mio € FB6 = 26.76 Mio €).
 */
export function keyStrandTotalCents(definition: ProgrammeDefinition): number {
  const reserved = definition.strands.map((strand) =>
    strand.capCents !== undefined
      ? strand.capCents
      : sumCents((strand.annualBudgets ?? []).map((budget) => budget.amountCents)),
  );
  return definition.totalBudgetCents - sumCents(reserved);
}

/** The state budgets of FB1–FB4 per year: the rest of the programme split by the assumed weights, to the cent. */
export function keyStateBudgets(definition: ProgrammeDefinition): Cell[] {
  const cells = keyCells().filter((cell) => strandOf(definition, cell.strand)?.distribution === 'key');
  const amounts = distributeByWeights(
    keyStrandTotalCents(definition),
    cells.map((cell) => cell.weight),
  );
  return cells.map((cell, index) => ({
    strand: cell.strand,
    budgetYear: cell.budgetYear,
    amountCents: amounts[index] ?? 0,
  }));
}

const TOLERATED = new Map(NRW_SITES.map((site) => [site.officialKey, site.tolerated]));
const ALL_TOLERATED = NRW_SITES.reduce((sum, site) => sum + site.tolerated, 0);

export interface KnownRecipient {
  id: string;
  officialKey: string | null;
}

/** The recipients of the demo key: those present whose official key has an estimate, in the given order. */
export function keyRecipients<R extends KnownRecipient>(recipients: readonly R[]): (R & { tolerated: number })[] {
  return recipients.flatMap((recipient) => {
    const tolerated = recipient.officialKey ? TOLERATED.get(recipient.officialKey) : undefined;
    return tolerated === undefined ? [] : [{ ...recipient, tolerated }];
  });
}

/** Shares in percent with eight decimals that add up to exactly 100 (largest remainder), by estimated weight. */
export function demoKeyShares(recipients: readonly KnownRecipient[]): { recipientId: string; share: string }[] {
  const present = keyRecipients(recipients);
  const units = distributeByWeights(
    100 * 10 ** 8,
    present.map((recipient) => recipient.tolerated),
  );
  return present.map((recipient, index) => {
    const value = units[index] ?? 0;
    const share = `${Math.floor(value / 10 ** 8)}.${String(value % 10 ** 8).padStart(8, '0')}`;
    return { recipientId: recipient.id, share };
  });
}

/**
 * The part of a state budget that falls on the present recipients under the whole key (rounded down): what they
 * get is what they would get if all 53 were distributed; the rest stays "not yet allocated".
 */
export function presentPartCents(budgetCents: number, recipients: readonly KnownRecipient[]): number {
  const present = keyRecipients(recipients).reduce((sum, recipient) => sum + recipient.tolerated, 0);
  return Number((BigInt(budgetCents) * BigInt(present)) / BigInt(ALL_TOLERATED));
}

/** Tolerated persons aged 18–27 per present recipient (assumed share of the estimate). */
export function demoPopulation(recipients: readonly KnownRecipient[]): { recipientId: string; tolerated: number }[] {
  return keyRecipients(recipients).map((recipient) => ({
    recipientId: recipient.id,
    tolerated: Math.round(recipient.tolerated * TOLERATED_18_27_SHARE),
  }));
}

/**
 * Costs are planned in whole multiples of 5 € per strand and year, so that every funding rate of whole percent
 * (80 %, 90 %) gives an exact grant and the own contribution is exactly the rest.
 */
export const COST_UNIT_CENTS = 500;

/** A total of costs over the key strands and years by the assumed weights (the total a multiple of 5 €). */
export function costsByWeights(totalCents: number): Cell[] {
  if (totalCents % COST_UNIT_CENTS !== 0) throw new RangeError('the costs are planned in multiples of 5 €');
  const cells = keyCells();
  const units = distributeByWeights(
    totalCents / COST_UNIT_CENTS,
    cells.map((cell) => cell.weight),
  );
  return cells.map((cell, index) => ({
    strand: cell.strand,
    budgetYear: cell.budgetYear,
    amountCents: (units[index] ?? 0) * COST_UNIT_CENTS,
  }));
}

/** Costs whose grant at the funding rate asks for at most `share` of each allocation (rounded down to 5 €). */
export function costsWithin(allocations: readonly Cell[], share: number, fundingRateBp: number): Cell[] {
  return allocations
    .filter((cell) => (KEY_STRANDS as readonly string[]).includes(cell.strand))
    .map((cell) => {
      const grant = Math.floor(cell.amountCents * share);
      const costs = Math.floor((grant * 10_000) / fundingRateBp / COST_UNIT_CENTS) * COST_UNIT_CENTS;
      return { ...cell, amountCents: costs };
    })
    .filter((cell) => cell.amountCents > 0);
}

export interface DemoPlan {
  costLines: CreateCostLine[];
  fundingSources: CreateFundingSource[];
  requestedAmounts: CreateRequestedAmount[];
}

/** A cell's costs over its strand's lines; FB4 teaching hours in whole hours at the strand's flat rate. */
function linesOf(definition: ProgrammeDefinition, cell: Cell): CreateCostLine[] {
  const templates = LINE_TEMPLATES[cell.strand as KeyStrand];
  const rate = strandOf(definition, cell.strand)?.teachingHourRateCents;
  const lines: CreateCostLine[] = [];
  let left = cell.amountCents;
  templates.forEach((template, index) => {
    const base = { strand: cell.strand, budgetYear: cell.budgetYear, category: template.category, position: index };
    if (index === templates.length - 1) {
      lines.push({ ...base, description: template.description, amountCents: left });
      return;
    }
    if (template.category === 'teaching_hours' && rate !== undefined) {
      const hours = Math.floor((cell.amountCents * template.share) / rate);
      lines.push({
        ...base,
        description: template.description,
        quantity: String(hours),
        unitCents: rate,
        amountCents: hours * rate,
      });
      left -= hours * rate;
      return;
    }
    const amount = Math.floor((cell.amountCents * template.share) / COST_UNIT_CENTS) * COST_UNIT_CENTS;
    lines.push({ ...base, description: template.description, amountCents: amount });
    left -= amount;
  });
  return lines;
}

/**
 * The financing plan of costs per strand and year: cost lines, the grant requested per cell at the funding rate,
 * and per year the own contribution that balances it (costs = requested + own contribution).
 */
export function demoPlan(
  definition: ProgrammeDefinition,
  costs: readonly Cell[],
  fundingRateBp: number,
  ownContributionName: string,
): DemoPlan {
  const requestedAmounts = costs.map((cell) => ({
    strand: cell.strand,
    budgetYear: cell.budgetYear,
    amountCents: shareOf(cell.amountCents, fundingRateBp, 'down'),
  }));
  const years = [...new Set(costs.map((cell) => cell.budgetYear))].sort();
  const fundingSources = years.map((budgetYear) => {
    const ofYear = (cells: readonly Cell[]) =>
      sumCents(cells.filter((cell) => cell.budgetYear === budgetYear).map((cell) => cell.amountCents));
    return {
      kind: 'own_contribution' as const,
      name: ownContributionName,
      budgetYear,
      amountCents: ofYear(costs) - ofYear(requestedAmounts),
    };
  });
  return { costLines: costs.flatMap((cell) => linesOf(definition, cell)), fundingSources, requestedAmounts };
}

/** Amounts in force keyed by strand and year. */
export function cellMap(cells: readonly Cell[]): Map<string, number> {
  return new Map(cells.map((cell) => [cellKey(cell.strand, cell.budgetYear), cell.amountCents]));
}

export function amountOf(cells: ReadonlyMap<string, number>, strand: string, budgetYear: number): number {
  return cells.get(cellKey(strand, budgetYear)) ?? 0;
}

/** The amounts in force after moving `cents` from one cell to another (all cells named, as an amendment needs). */
export function moved(
  cells: readonly Cell[],
  from: { strand: string; budgetYear: number },
  to: { strand: string; budgetYear: number },
  cents: number,
): Cell[] {
  return cells.map((cell) => {
    const key = cellKey(cell.strand, cell.budgetYear);
    if (key === cellKey(from.strand, from.budgetYear)) return { ...cell, amountCents: cell.amountCents - cents };
    if (key === cellKey(to.strand, to.budgetYear)) return { ...cell, amountCents: cell.amountCents + cents };
    return cell;
  });
}

/** The lines of a payment request: the tranche's share of every decided amount of the year, rounded down. */
export function trancheLines(
  decided: readonly Cell[],
  tranches: readonly { budgetYear: number; shareBp: number }[],
): Cell[] {
  return tranches.flatMap((tranche) =>
    decided
      .filter((cell) => cell.budgetYear === tranche.budgetYear)
      .map((cell) => ({ ...cell, amountCents: shareOf(cell.amountCents, tranche.shareBp, 'down') }))
      .filter((cell) => cell.amountCents > 0),
  );
}

/**
 * What was spent on a line, drawn around its plan: mostly a little less; now and then more, at most 15 % (within
 * the programme's 20 % tolerance, offset by the savings on the others). Whole euros.
 */
export function actualSpending(plannedCents: number, random: Random): number {
  const factor = random.chance(0.3) ? 1 + random.float() * 0.15 : 1 - random.float() * 0.12;
  return Math.round((plannedCents * factor) / 100) * 100;
}

/** A few receipts of a line's spending: dates in the year, amounts adding up to at most the spending. */
export function receiptsOf(
  actualCents: number,
  budgetYear: number,
  count: number,
  random: Random,
): { receiptDate: string; amountCents: number }[] {
  const receipts: { receiptDate: string; amountCents: number }[] = [];
  let left = actualCents;
  for (let index = 0; index < count && left > 0; index += 1) {
    const amount = index === count - 1 ? left : Math.round((left * (0.2 + random.float() * 0.3)) / 100) * 100;
    if (amount <= 0) continue;
    const month = String(random.int(1, 12)).padStart(2, '0');
    const day = String(random.int(1, 28)).padStart(2, '0');
    receipts.push({ receiptDate: `${budgetYear}-${month}-${day}`, amountCents: amount });
    left -= amount;
  }
  return receipts.sort((a, b) => a.receiptDate.localeCompare(b.receiptDate));
}
