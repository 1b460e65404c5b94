// Small pure text helpers shared by areas.

/** Control characters out, at most `max` characters (whole code points), empty → null. */
export function cleanLine(value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  const cleaned = value.replace(/\p{Cc}/gu, ' ').trim();
  if (cleaned === '') return null;
  return Array.from(cleaned).slice(0, max).join('');
}
