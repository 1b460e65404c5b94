// Problem shapes of the funding routes beyond the generic problem (platform/http/problem.ts), declared once for
// every route that can answer them.
import { z } from 'zod';
import { problemSchema } from '../platform/http/problem.ts';

/**
 * 409 of a write the database's money limits refused (funding.context.ts withinLimits), naming the limit as an
 * extension member, e.g. "grant_amount_paid_within_decided"; for every funding route that writes money.
 */
export const fundingLimitProblemSchema = problemSchema
  .extend({ limit: z.string().optional() })
  .meta({ id: 'FundingLimitProblem' });

/** 403 of an approval the four-eyes rule refused (the requester, or the first approver a second time). */
export const fourEyesProblemSchema = problemSchema
  .extend({ rule: z.literal('four_eyes').optional() })
  .meta({ id: 'FourEyesProblem' });
