// The funding dashboard: budget, committed, paid and remaining per programme, budget year, strand and
// municipality; cost per participant and per successful transition per strand. Shared by the API and the web.
import { z } from 'zod';
import { strandCode } from './programme.definition.ts';

export const dashboardQuerySchema = z.strictObject({
  programmeId: z.uuid().optional(),
  budgetYear: z.coerce.number().int().min(2000).max(2100).optional(),
  strand: strandCode.optional(),
  municipalityId: z.uuid().optional(),
});
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

const cents = z.number().int();

export const dashboardSchema = z
  .object({
    /** all: every municipality (authority, ministry); municipality: the viewer's own. */
    scope: z.enum(['all', 'municipality']),
    disclosure: z.object({
      /** Counts of people are suppressed (null = ".") below the threshold, averages below the minimum base. */
      applied: z.boolean(),
      threshold: z.number().int(),
      minimumAverageBase: z.number().int(),
    }),
    /** Per programme, year and strand: the state budget and its use (scope all only). */
    strands: z.array(
      z.object({
        programmeId: z.uuid(),
        programmeCode: z.string(),
        budgetYear: z.number().int(),
        strand: z.string(),
        strandName: z.string().nullable(),
        stateBudgetCents: cents.nullable(),
        allocatedCents: cents.nullable(),
        committedCents: cents,
        paidCents: cents,
        /** state budget − committed */
        remainingCents: cents.nullable(),
      }),
    ),
    /** Per programme, year, strand and municipality. */
    municipalities: z.array(
      z.object({
        programmeId: z.uuid(),
        programmeCode: z.string(),
        budgetYear: z.number().int(),
        strand: z.string(),
        municipalityId: z.uuid(),
        municipalityName: z.string(),
        /** The municipality's budget (null: a central strand, committed by decisions directly). */
        budgetCents: cents.nullable(),
        committedCents: cents,
        paidCents: cents,
        /** budget − committed */
        remainingCents: cents.nullable(),
      }),
    ),
    /** Per programme and strand, per municipality and in total (municipalityId null): euros ÷ people. */
    outcomes: z.array(
      z.object({
        programmeId: z.uuid(),
        programmeCode: z.string(),
        strand: z.string(),
        municipalityId: z.uuid().nullable(),
        municipalityName: z.string().nullable(),
        paidCents: cents,
        committedCents: cents,
        participants: z.number().int().nullable(),
        placements: z.number().int().nullable(),
        costPerParticipantPaidCents: cents.nullable(),
        costPerParticipantCommittedCents: cents.nullable(),
        costPerPlacementPaidCents: cents.nullable(),
        costPerPlacementCommittedCents: cents.nullable(),
      }),
    ),
  })
  .meta({ id: 'FundingDashboard' });
export type Dashboard = z.infer<typeof dashboardSchema>;
export type DashboardOutcome = Dashboard['outcomes'][number];
