// Quality indicators of offers and providers as the API returns them. Shared by the API and the web pages.
import { z } from 'zod';
import { inputDate, isoDate } from '../platform/dates.ts';
import { offerStatuses, offerTypes } from '../offers/offer.codes.ts';
import { recommendAnswers, scaleQuestions } from './quality.codes.ts';

const count = z.number().int().min(0);

export const rateSchema = z
  .object({
    value: z.number().min(0).nullable().describe('Share (0…1; fill rate may exceed 1); null below the threshold'),
    base: count.describe('Records the rate rests on'),
  })
  .meta({ id: 'Rate' });

export const feedbackSummarySchema = z
  .object({
    responses: count,
    threshold: count,
    shown: z.boolean(),
    questions: z.array(
      z.object({
        question: z.enum(scaleQuestions),
        answered: count,
        mean: z.number().nullable(),
        agreeShare: z.number().nullable(),
      }),
    ),
    recommend: z
      .object({
        answered: count,
        ...(Object.fromEntries(recommendAnswers.map((a) => [a, z.number()])) as Record<
          (typeof recommendAnswers)[number],
          z.ZodNumber
        >),
      })
      .nullable(),
    comments: z.array(z.string()).nullable().describe('Free text, only for the managing office'),
  })
  .meta({ id: 'FeedbackSummary' });

export const indicatorsSchema = z
  .object({
    enrolments: z.object({
      waiting: count,
      active: count,
      completed: count,
      droppedOut: count,
      notStarted: count,
    }),
    capacity: count.nullable(),
    fillRate: rateSchema,
    attendanceRate: rateSchema,
    completionRate: rateSchema,
    dropoutRate: rateSchema,
    transitionRate3: rateSchema,
    transitionRate6: rateSchema,
    alerts: z
      .object({ open: count, acknowledged: count, dismissed: count, resolved: count, total: count })
      .nullable()
      .describe('Measure-career alerts naming an enrolment of the offer; null: fewer than 3, not shown'),
    feedback: feedbackSummarySchema,
  })
  .meta({ id: 'QualityIndicators' });
export type Indicators = z.infer<typeof indicatorsSchema>;

export const offerIndicatorsSchema = z
  .object({
    offer: z.object({
      id: z.uuid(),
      title: z.string(),
      type: z.enum(offerTypes),
      place: z.string(),
      status: z.enum(offerStatuses),
      startsOn: isoDate.nullable(),
      endsOn: isoDate.nullable(),
      providerId: z.uuid(),
      providerName: z.string(),
    }),
    indicators: indicatorsSchema,
  })
  .meta({ id: 'OfferIndicators' });
export type OfferIndicators = z.infer<typeof offerIndicatorsSchema>;

export const providerIndicatorsSchema = z
  .object({
    provider: z.object({ id: z.uuid(), name: z.string() }),
    indicators: indicatorsSchema,
    offers: z.array(offerIndicatorsSchema),
  })
  .meta({ id: 'ProviderIndicators' });
export type ProviderIndicators = z.infer<typeof providerIndicatorsSchema>;

export const providerOverviewSchema = z
  .object({
    providers: z.array(
      z.object({
        provider: z.object({ id: z.uuid(), name: z.string() }),
        offers: count,
        indicators: indicatorsSchema,
      }),
    ),
  })
  .meta({ id: 'ProviderQualityOverview' });
export type ProviderOverview = z.infer<typeof providerOverviewSchema>;

export const indicatorQuerySchema = z
  .strictObject({
    from: inputDate.optional().describe('Only enrolments running on or after this day'),
    to: inputDate.optional().describe('Only enrolments that began (or were referred) on or before this day'),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['to'],
  });
export type IndicatorQuery = z.infer<typeof indicatorQuerySchema>;

export const providerParamsSchema = z.strictObject({ providerId: z.uuid() });
export const offerParamsSchema = z.strictObject({ offerId: z.uuid() });
