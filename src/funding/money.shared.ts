// Money as integer cents. Arithmetic that can leave whole cents (shares, distributions) runs on BigInt and
// rounds exactly once, in the way the calling rule names (docs/funding.md "Rounding"). Shared by the server
// and the web (formatting and parsing of amounts in de-DE or en-GB notation). Pure.

const BP = 10_000n;

function checkedCents(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`amount out of range: ${value} cents`);
  }
  return Number(value);
}

function assertCents(value: number, name = 'amount'): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be whole cents, got ${value}`);
}

/** How a rule rounds a fraction of a cent: `down` = toward zero (a grant never exceeds its rule), `half_up` = commercial. */
export type Rounding = 'down' | 'half_up';

function divide(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let quotient = n / d;
  if (rounding === 'half_up' && (n % d) * 2n >= d) quotient += 1n;
  return negative ? -quotient : quotient;
}

/** `cents × basisPoints / 10,000`, e.g. 80 % (8,000 bp) of an amount, rounded once. */
export function shareOf(cents: number, basisPoints: number, rounding: Rounding): number {
  assertCents(cents);
  assertCents(basisPoints, 'basis points');
  return checkedCents(divide(BigInt(cents) * BigInt(basisPoints), BP, rounding));
}

/** `unitCents × quantity` for a decimal quantity (e.g. 1,234.5 teaching hours × 3,750 cents), rounded once. */
export function timesQuantity(unitCents: number, quantity: number | string, rounding: Rounding): number {
  assertCents(unitCents, 'unit amount');
  const { scaled, scale } = decimalToScaled(String(quantity));
  return checkedCents(divide(BigInt(unitCents) * scaled, scale, rounding));
}

/** The sum of amounts in cents; throws rather than lose precision. */
export function sumCents(amounts: Iterable<number>): number {
  let total = 0n;
  for (const amount of amounts) {
    assertCents(amount);
    total += BigInt(amount);
  }
  return checkedCents(total);
}

/** A non-negative decimal string ("5.60124", "12", "0.5") as an integer and its power of ten. */
function decimalToScaled(text: string): { scaled: bigint; scale: bigint } {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new RangeError(`not a non-negative decimal number: ${text}`);
  const fraction = match[2] ?? '';
  return { scaled: BigInt(`${match[1]}${fraction}`), scale: 10n ** BigInt(fraction.length) };
}

/**
 * Distributes a total over weights (e.g. a strand's state budget over the 53 recipients by the FlüAG key) by the
 * largest-remainder method: everyone gets the rounded-down exact share, the cents left over go one each to the
 * largest remainders (ties: the earlier entry). The parts add up to the total exactly, and no part is more than
 * one cent away from its exact share. Weights are decimal strings or numbers (exact, not floats).
 */
export function distributeByWeights(totalCents: number, weights: readonly (number | string)[]): number[] {
  assertCents(totalCents);
  if (totalCents < 0) throw new RangeError('the total must not be negative');
  if (weights.length === 0) return [];
  const parsed = weights.map((weight) => decimalToScaled(String(weight)));
  const scale = parsed.reduce((max, p) => (p.scale > max ? p.scale : max), 1n);
  const units = parsed.map((p) => p.scaled * (scale / p.scale));
  const weightSum = units.reduce((a, b) => a + b, 0n);
  if (weightSum === 0n) throw new RangeError('the weights add up to zero');
  const total = BigInt(totalCents);
  const floors = units.map((u) => (total * u) / weightSum);
  const remainders = units.map((u, index) => ({ index, remainder: (total * u) % weightSum }));
  let left = total - floors.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0n) break;
    floors[index] = (floors[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return floors.map((part) => checkedCents(part));
}

const formats = new Map<string, Intl.NumberFormat>();
function euroFormat(locale: string): Intl.NumberFormat {
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
    formats.set(locale, format);
  }
  return format;
}

/** "1.234.567,89 €" (de-DE) or "€1,234,567.89" (en-GB): whole cents, formatted exactly. */
export function formatCents(cents: number, locale = 'de-DE'): string {
  assertCents(cents);
  // Below 2^53 / 100 euros a cent amount divides exactly enough for two decimals; larger amounts never occur
  // (MAX_CENTS), and assertCents keeps them out.
  return euroFormat(locale).format(cents / 100);
}

/** "80 %" / "80%" of basis points (8,000 bp), with decimals only when there are any ("12,5 %"). */
export function formatBasisPoints(basisPoints: number, locale = 'de-DE'): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(basisPoints / 10_000);
}

/**
 * Parses an amount typed in euros ("1.234,56", "1234,5", "1,234.56" in en) into cents; null when it is not an
 * amount. At most two decimals: a typed amount is never rounded.
 */
export function parseEuros(text: string, locale: 'de' | 'en' = 'de'): number | null {
  const trimmed = text.replace(/[\s\u00a0€]/g, '');
  const [group, decimal] = locale === 'de' ? ['.', ','] : [',', '.'];
  const pattern = locale === 'de' ? /^-?(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?$/ : /^-?(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/;
  if (!pattern.test(trimmed)) return null;
  const negative = trimmed.startsWith('-');
  const [whole = '0', fraction = ''] = trimmed.replace('-', '').split(group).join('').split(decimal);
  const value = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0') || '0');
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(negative ? -value : value);
}
