// Small statistics and number formats shared by the benchmark reports.

export interface Stats {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function stats(values: readonly number[]): Stats {
  if (values.length === 0) throw new RangeError('no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, n: sorted.length };
}

export const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`;
export const mib = (value: number) => `${value.toFixed(1)} MiB`;
export const ratio = (value: number) => `${value.toFixed(2)} ×`;
export const count = (value: number) => Math.round(value).toLocaleString('en-US');

/** One row of a "label | median | min | max | runs | note" table. */
export function row(label: string, values: readonly number[], format: (value: number) => string, note = ''): string {
  const s = stats(values);
  return `| ${label} | ${format(s.median)} | ${format(s.min)} | ${format(s.max)} | ${s.n} | ${note} |`;
}
