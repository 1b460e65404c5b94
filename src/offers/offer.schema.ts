// The offer catalogue and the providers' contact persons: request and response shapes, shared by the API
// (validation, OpenAPI, response allow-lists) and the web forms.
import { z } from 'zod';
import { notEmpty, optionalText, requiredText } from '../cases/case-work.schema.ts';
import { cefrLevels, schoolQualifications } from '../participants/participant.codes.ts';
import { languageCode } from '../participants/participant.schema.ts';
import { inputDate, isoDate } from '../platform/dates.ts';
import { listQuerySchema, pageSchema } from '../platform/http/listing.ts';
import { offerStatuses, offerStrands, offerTypes } from './offer.codes.ts';

const NOTHING_TO_CHANGE = 'name at least one field to change';
const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');
const version = z.number().int().positive();

// --- Providers and their contact persons ------------------------------------------------------------------

export const providerParamsSchema = z.strictObject({ providerId: z.uuid() });
export const contactParamsSchema = z.strictObject({ providerId: z.uuid(), contactId: z.uuid() });

export const providerSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    shortName: z.string().nullable(),
    /** Offers of the provider in this municipality, and those of them open or running. */
    offerCount: z.number().int().nonnegative(),
    currentOfferCount: z.number().int().nonnegative(),
    contactCount: z.number().int().nonnegative(),
    /** Whether the signed-in user may maintain the provider's offers and contacts. */
    canEdit: z.boolean(),
  })
  .meta({ id: 'Provider' });
export type Provider = z.infer<typeof providerSchema>;
export const providerListSchema = z.object({ items: z.array(providerSchema) }).meta({ id: 'ProviderList' });
export type ProviderList = z.infer<typeof providerListSchema>;

export const createProviderContactSchema = z
  .strictObject({
    name: requiredText(200),
    role: optionalText(120).describe('e.g. "Kursleitung", "Koordination"'),
    email: z
      .email()
      .max(254)
      .nullable()
      .optional()
      .transform((value) => value ?? null),
    phone: optionalText(60),
  })
  .meta({ id: 'CreateProviderContact' });
export type CreateProviderContact = z.infer<typeof createProviderContactSchema>;

export const updateProviderContactSchema = createProviderContactSchema
  .partial()
  .strict()
  .refine(notEmpty, NOTHING_TO_CHANGE)
  .meta({ id: 'UpdateProviderContact' });
export type UpdateProviderContact = z.infer<typeof updateProviderContactSchema>;

export const providerContactSchema = z
  .object({
    id: z.uuid(),
    providerId: z.uuid(),
    name: z.string(),
    role: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    updatedAt: z.iso.datetime(),
    version,
  })
  .meta({ id: 'ProviderContact' });
export type ProviderContact = z.infer<typeof providerContactSchema>;
export const providerContactListSchema = z
  .object({ items: z.array(providerContactSchema) })
  .meta({ id: 'ProviderContactList' });
export type ProviderContactList = z.infer<typeof providerContactListSchema>;

// --- Offers ------------------------------------------------------------------------------------------------

/** Hours with at most one decimal (the column is numeric(4,1)). */
const weeklyHours = z
  .number()
  .min(0)
  .max(60)
  .refine((value) => Math.abs(Math.round(value * 10) - value * 10) < 1e-6, 'at most one decimal')
  .describe('Teaching hours per week, e.g. 20 or 7.5');

const offerFields = {
  title: requiredText(200),
  type: z.enum(offerTypes),
  strand: z
    .enum(offerStrands)
    .nullable()
    .optional()
    .describe('The funding strand; null for an offer of the regular system. Must fit the type.'),
  description: optionalText(4000),
  place: requiredText(120).describe('City district (Stadtbezirk) or town where it takes place'),
  startsOn: inputDate.nullable().optional(),
  endsOn: inputDate.nullable().optional(),
  weeklyHours: weeklyHours.nullable().optional(),
  teachingUnits: z.number().int().min(0).max(5000).nullable().optional().describe('Total teaching units'),
  capacity: z.number().int().min(0).max(10000).nullable().optional().describe('Seats; null = not limited'),
  entryLevel: z.enum(cefrLevels).nullable().optional().describe('German level required to start (CEFR)'),
  entryRequirements: optionalText(1000),
  targetLevel: z.enum(cefrLevels).nullable().optional().describe('German level the offer leads to (CEFR)'),
  targetQualification: z.enum(schoolQualifications).nullable().optional(),
  leadsToVocationalQualification: z.boolean().optional(),
  supportLanguages: z
    .array(languageCode)
    .max(20)
    .refine((values) => new Set(values).size === values.length, 'each language only once')
    .optional()
    .describe('Languages support is given in (ISO 639)'),
  childcare: z.boolean().optional(),
  accessible: z.boolean().optional(),
  accessibilityNotes: optionalText(1000),
  costCents: z
    .number()
    .int()
    .min(0)
    .max(100_000_000_000)
    .nullable()
    .optional()
    .describe('Costs in euro cents (e.g. 3750 = 37.50 €)'),
  costNotes: optionalText(1000),
};

export const createOfferSchema = z
  .strictObject({
    ...offerFields,
    providerId: z.uuid().describe('The provider (Träger); it must serve the municipality'),
    status: z.enum(offerStatuses).optional().describe('Default planned'),
  })
  .meta({ id: 'CreateOffer' });
export type CreateOffer = z.infer<typeof createOfferSchema>;

export const updateOfferSchema = z
  .strictObject(offerFields)
  .partial()
  .extend({ status: z.enum(offerStatuses).optional() })
  .strict()
  .refine(notEmpty, NOTHING_TO_CHANGE)
  .meta({ id: 'UpdateOffer' });
export type UpdateOffer = z.infer<typeof updateOfferSchema>;

export const seatsSchema = z
  .object({
    taken: z.number().int().nonnegative().describe('Active enrolments'),
    free: z.number().int().nonnegative().nullable().describe('Seats left; null = no capacity limit'),
    waiting: z.number().int().nonnegative().describe('People on the waiting list'),
  })
  .meta({ id: 'Seats' });

export const offerSchema = z
  .object({
    id: z.uuid(),
    provider: z.object({ id: z.uuid(), name: z.string() }),
    title: z.string(),
    type: z.enum(offerTypes),
    strand: z.enum(offerStrands).nullable(),
    description: z.string().nullable(),
    place: z.string(),
    startsOn: isoDate.nullable(),
    endsOn: isoDate.nullable(),
    weeklyHours: z.number().nullable(),
    teachingUnits: z.number().int().nullable(),
    capacity: z.number().int().nullable(),
    entryLevel: z.enum(cefrLevels).nullable(),
    entryRequirements: z.string().nullable(),
    targetLevel: z.enum(cefrLevels).nullable(),
    targetQualification: z.enum(schoolQualifications).nullable(),
    leadsToVocationalQualification: z.boolean(),
    supportLanguages: z.array(z.string()),
    childcare: z.boolean(),
    accessible: z.boolean(),
    accessibilityNotes: z.string().nullable(),
    costCents: z.number().int().nullable(),
    costNotes: z.string().nullable(),
    status: z.enum(offerStatuses),
    seats: seatsSchema,
    isDemo: z.boolean(),
    /** Whether the signed-in user may change this offer. */
    canEdit: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version,
  })
  .meta({ id: 'Offer' });
export type Offer = z.infer<typeof offerSchema>;

export const offerParamsSchema = z.strictObject({ offerId: z.uuid() });

export const offerSortFields = ['title', 'startsOn', 'place', 'createdAt'] as const;
export type OfferSortField = (typeof offerSortFields)[number];

export const listOffersQuerySchema = listQuerySchema({
  sort: offerSortFields,
  defaultSort: 'title',
  filters: {
    q: z.string().trim().min(1).max(200).optional().describe('Words in the title or description'),
    type: z.enum(offerTypes).optional(),
    strand: z
      .enum([...offerStrands, 'none'])
      .optional()
      .describe('A strand, or "none" for offers of the regular system'),
    providerId: z.uuid().optional(),
    place: z.string().trim().min(1).max(120).optional().describe('Place, exactly (case-insensitive)'),
    status: z.enum(offerStatuses).optional(),
    hasFreeSeats: booleanQuery.optional().describe('true: only offers with a seat free for a newcomer'),
    maxEntryLevel: z
      .enum(cefrLevels)
      .optional()
      .describe('Only offers a person with this German level can enter (entry level at most this)'),
    childcare: booleanQuery.optional(),
    accessible: booleanQuery.optional(),
    supportLanguage: languageCode.optional(),
    from: inputDate.optional().describe('Offers running on or after this day'),
    to: inputDate.optional().describe('Offers starting on or before this day'),
  },
});
export type ListOffersQuery = z.infer<typeof listOffersQuerySchema>;
export const offerPageSchema = pageSchema(offerSchema, 'OfferPage');
export type OfferPage = z.infer<typeof offerPageSchema>;
