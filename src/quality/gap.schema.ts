// The gap analysis's API shapes (shared by the API and the web page): the query with its filters and the table.
import { z } from 'zod';
import { isoDate } from '../platform/dates.ts';
import { gapGranularities, gapGroups } from './quality.codes.ts';

/** At most five years of months (or twenty quarters) in one table. */
export const MAX_GAP_PERIODS = 60;

const month = z
  .string()
  .regex(/^(19\d\d|2[01]\d\d)-(0[1-9]|1[0-2])$/, 'a month YYYY-MM between 1900 and 2199')
  .describe('A month, YYYY-MM');
const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const gapQuerySchema = z.strictObject({
  from: month.optional().describe('First month (default: the current month)'),
  to: month.optional().describe('Last month (default: eleven months after the first)'),
  granularity: z.enum(gapGranularities).default('month'),
  byPlace: booleanQuery.default(true).describe('false: all places in one row per group and period'),
  group: z.enum(gapGroups).optional(),
  place: z.string().trim().min(1).max(120).optional(),
  unmetOnly: booleanQuery.default(false),
});
export type GapQuery = z.infer<typeof gapQuerySchema>;
export type GapQueryInput = z.input<typeof gapQuerySchema>;

export const gapExportQuerySchema = gapQuerySchema
  .extend({ format: z.enum(['xlsx', 'csv']).describe('xlsx: formatted workbook; csv: UTF-8 with BOM, ";"') })
  .strict();
export type GapExportQuery = z.infer<typeof gapExportQuerySchema>;

const count = z.number().int().min(0);

export const gapRowSchema = z
  .object({
    group: z.enum(gapGroups),
    place: z.string().nullable().describe('null: no place recorded, or all places (byPlace=false)'),
    period: z.string().describe('YYYY-MM or YYYY-Qn'),
    periodStart: isoDate,
    periodEnd: isoDate,
    demand: z
      .object({ waiting: count, referral: count, assessment: count, total: count })
      .describe('People with demand, each once per row, under the strongest source'),
    supply: z.object({
      offers: count,
      unlimitedOffers: count,
      capacity: count,
      taken: count,
      free: count,
    }),
    gap: z.number().int(),
    unmet: z.boolean(),
  })
  .meta({ id: 'GapRow' });
export type GapRowRecord = z.infer<typeof gapRowSchema>;

export const gapTableSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    granularity: z.enum(gapGranularities),
    byPlace: z.boolean(),
    periods: z.array(z.object({ key: z.string(), start: isoDate, end: isoDate })),
    rows: z.array(gapRowSchema),
    /** Totals over the rows shown. */
    totals: z.object({ demand: count, free: count, unmetRows: count }),
  })
  .meta({ id: 'GapTable' });
export type GapTable = z.infer<typeof gapTableSchema>;
