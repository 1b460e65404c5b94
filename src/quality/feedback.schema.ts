// Participant feedback: the survey as a page shows it, the answers, the one-time links. Shared by the API and
// the web pages (the public page and the staff's forms).
import { z } from 'zod';
import { isoDateTime } from '../platform/dates.ts';
import {
  IMPROVEMENT_MAX_LENGTH,
  recommendAnswers,
  SCALE_MAX,
  SCALE_MIN,
  scaleQuestions,
  surveyLanguages,
  surveyTextKeys,
} from './quality.codes.ts';

/** The secret of a link: 256 random bits, base64url (43 characters). Only its SHA-256 is stored. */
export const feedbackTokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'not a feedback link')
  .describe('The secret of the link /feedback#<token>');

const scaleAnswer = z.number().int().min(SCALE_MIN).max(SCALE_MAX).nullable().optional();

export const feedbackAnswersSchema = z
  .strictObject({
    ...(Object.fromEntries(scaleQuestions.map((q) => [q, scaleAnswer])) as Record<
      (typeof scaleQuestions)[number],
      typeof scaleAnswer
    >),
    recommend: z.enum(recommendAnswers).nullable().optional(),
    improvement: z
      .string()
      .trim()
      .max(IMPROVEMENT_MAX_LENGTH)
      .nullable()
      .optional()
      .describe('What should be better (free text, optional)'),
  })
  .refine(
    (answers) => Object.values(answers).some((value) => value !== null && value !== undefined && value !== ''),
    'answer at least one question',
  )
  .meta({ id: 'FeedbackAnswers' });
export type FeedbackAnswersInput = z.infer<typeof feedbackAnswersSchema>;

export const surveyLanguageSchema = z.enum(surveyLanguages);

export const surveySchema = z
  .object({
    surveyVersion: z.number().int().positive(),
    language: z.enum(surveyLanguages),
    direction: z.enum(['ltr', 'rtl']),
    languages: z.array(
      z.object({ code: z.enum(surveyLanguages), name: z.string(), direction: z.enum(['ltr', 'rtl']) }),
    ),
    /** The offer's title (the public page); null for the staff's form, which knows the offer. */
    offerTitle: z.string().nullable(),
    expiresAt: isoDateTime.nullable(),
    /** open: can be answered; used or expired: the page shows the text of that name and no questions. */
    state: z.enum(['open', 'used', 'expired']),
    texts: z.record(z.enum(surveyTextKeys), z.string()),
    scaleQuestions: z.array(z.enum(scaleQuestions)),
    scale: z.object({ min: z.number().int(), max: z.number().int() }),
    recommendAnswers: z.array(z.enum(recommendAnswers)),
    improvementMaxLength: z.number().int().positive(),
  })
  .meta({ id: 'Survey' });
export type Survey = z.infer<typeof surveySchema>;

export const surveyQuerySchema = z.strictObject({ language: surveyLanguageSchema.default('de') });

export const publicSurveyRequestSchema = z
  .strictObject({
    token: feedbackTokenSchema,
    language: surveyLanguageSchema.optional().describe("Another language than the link's"),
  })
  .meta({ id: 'PublicSurveyRequest' });

export const publicFeedbackSchema = z
  .strictObject({ token: feedbackTokenSchema, language: surveyLanguageSchema, answers: feedbackAnswersSchema })
  .meta({ id: 'PublicFeedback' });

export const staffFeedbackSchema = z
  .strictObject({ language: surveyLanguageSchema, answers: feedbackAnswersSchema })
  .meta({ id: 'StaffFeedback' });

export const feedbackReceivedSchema = z.object({ received: z.literal(true) }).meta({ id: 'FeedbackReceived' });

export const MAX_VALID_DAYS = 90;
export const DEFAULT_VALID_DAYS = 30;

export const createInvitationSchema = z
  .strictObject({
    language: surveyLanguageSchema.describe('The language the survey opens in (the participant can switch)'),
    validDays: z.number().int().min(1).max(MAX_VALID_DAYS).default(DEFAULT_VALID_DAYS),
  })
  .meta({ id: 'CreateFeedbackInvitation' });
export type CreateInvitation = z.infer<typeof createInvitationSchema>;

export const invitationCreatedSchema = z
  .object({
    id: z.uuid(),
    language: z.enum(surveyLanguages),
    createdAt: isoDateTime,
    expiresAt: isoDateTime,
    /** The link, shown once: it is not stored and cannot be shown again. */
    link: z.string(),
    token: feedbackTokenSchema,
    /** The link as a QR code to print (SVG). */
    qrCodeSvg: z.string(),
  })
  .meta({ id: 'FeedbackInvitationCreated' });
export type InvitationCreated = z.infer<typeof invitationCreatedSchema>;
