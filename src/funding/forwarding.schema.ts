// Forwarding contracts (Weiterleitung an Träger under ANBest-P): request and response shapes, shared by the API
// (validation, OpenAPI, response allow-lists) and the web forms.
import { z } from 'zod';
import { notEmpty, requiredText } from '../cases/case-work.schema.ts';
import { inputDate, isoDate, isoDateTime } from '../platform/dates.ts';
import { listQuerySchema, pageSchema } from '../platform/http/listing.ts';
import { conditionSets, forwardingStatuses } from './funding.codes.ts';
import { budgetYear, cents, strandCode } from './programme.definition.ts';

export const forwardingParamsSchema = z.strictObject({ contractId: z.uuid() });

// No component id: the create and the (partial) change body both inline it.
export const forwardingAmountInputSchema = z.strictObject({
  strand: strandCode,
  budgetYear,
  amountCents: cents.min(1),
});

const contractFields = {
  providerId: z.uuid(),
  /** the municipality's file number of the contract */
  reference: requiredText(60),
  periodFrom: inputDate,
  periodTo: inputDate,
  purpose: requiredText(4000),
  amounts: z.array(forwardingAmountInputSchema).max(30),
};

export const createForwardingSchema = z.strictObject(contractFields).meta({ id: 'CreateForwardingContract' });
export type CreateForwarding = z.infer<typeof createForwardingSchema>;

export const updateForwardingSchema = z
  .strictObject(contractFields)
  .partial()
  .refine(notEmpty, 'name at least one field to change')
  .meta({ id: 'UpdateForwardingContract' });
export type UpdateForwarding = z.infer<typeof updateForwardingSchema>;

/** concluded (forwards the amounts), ended (period over; stays forwarded), cancelled (takes them back). */
export const forwardingStatusChangeSchema = z
  .strictObject({ status: z.enum(['concluded', 'ended', 'cancelled']) })
  .meta({ id: 'ForwardingStatusChange' });
export type ForwardingStatusChange = z.infer<typeof forwardingStatusChangeSchema>;

export const forwardingAmountSchema = z
  .object({ strand: z.string(), budgetYear: z.number().int(), amountCents: z.number().int() })
  .meta({ id: 'ForwardingAmount' });

export const forwardingContractSchema = z
  .object({
    id: z.uuid(),
    /** the municipality that forwards, and stays liable to the authority for the money (ANBest-G) */
    municipalityId: z.uuid(),
    municipalityName: z.string(),
    grantId: z.uuid(),
    grantReference: z.string(),
    providerId: z.uuid(),
    providerName: z.string(),
    reference: z.string(),
    conditions: z.enum(conditionSets),
    periodFrom: isoDate,
    periodTo: isoDate,
    purpose: z.string(),
    status: z.enum(forwardingStatuses),
    concludedAt: isoDateTime.nullable(),
    amounts: z.array(forwardingAmountSchema),
    totalCents: z.number().int(),
    version: z.number().int().positive(),
    createdAt: isoDateTime,
    /** Whether the signed-in user may change it (the municipality's managing office). */
    canEdit: z.boolean(),
  })
  .meta({ id: 'ForwardingContract' });
export type ForwardingContract = z.infer<typeof forwardingContractSchema>;

export const forwardingSortFields = ['createdAt', 'reference'] as const;
export type ForwardingSortField = (typeof forwardingSortFields)[number];

export const listForwardingQuerySchema = listQuerySchema({
  sort: forwardingSortFields,
  defaultSort: '-createdAt',
  filters: { status: z.enum(forwardingStatuses).optional(), grantId: z.uuid().optional() },
});
export type ListForwardingQuery = z.infer<typeof listForwardingQuerySchema>;
export const forwardingPageSchema = pageSchema(forwardingContractSchema, 'ForwardingContractPage');
export type ForwardingPage = z.infer<typeof forwardingPageSchema>;

export const grantForwardingSchema = z
  .object({
    grantId: z.uuid(),
    grantReference: z.string(),
    municipalityId: z.uuid(),
    period: z.object({ from: isoDate, to: isoDate }),
    /** the conditions forwarding contracts carry under the grant's programme (ANBest-P) */
    conditions: z.enum(conditionSets),
    amounts: z.array(
      z.object({
        strand: z.string(),
        budgetYear: z.number().int(),
        decidedCents: z.number().int(),
        forwardedCents: z.number().int(),
        /** decided − forwarded */
        forwardableCents: z.number().int(),
      }),
    ),
    contracts: z.array(forwardingContractSchema),
    /** providers serving the municipality: who a contract can be concluded with */
    providers: z.array(z.object({ id: z.uuid(), name: z.string() })),
    canEdit: z.boolean(),
  })
  .meta({ id: 'GrantForwarding' });
export type GrantForwarding = z.infer<typeof grantForwardingSchema>;
