// Moments, rates and FTE of the funding pages in German notation (like the amounts: money.tsx; days:
// germanDate in ../funding-shared/funding-kit.tsx).

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
