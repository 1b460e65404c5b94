// Dates, rates and FTE of the funding pages in German notation (like the amounts: money.tsx).

/** 2023-06-30 → 30.06.2023 */
export function formatDay(iso: string): string {
  const [year, month, day] = iso.slice(0, 10).split('-');
  return `${day}.${month}.${year}`;
}

/** 2026-11-30T08:00:00Z → 30.11.2026, 09:00 (Berlin) */
export function formatMoment(iso: string): string {
  return new Intl.DateTimeFormat('de-DE', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Berlin',
  }).format(new Date(iso));
}

/** A decimal as German text: 0.5 → "0,5", "14.90" → "14,9". */
export function formatDecimal(value: number | string): string {
  return new Intl.NumberFormat('de-DE', { maximumFractionDigits: 8 }).format(Number(value));
}
