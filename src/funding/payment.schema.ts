// Payment requests (Mittelabruf), their four-eyes approval and the payment ledger of a grant: request and
// response shapes, shared by the API (validation, OpenAPI, response allow-lists) and the web forms.
import { z } from 'zod';
import { optionalText, requiredText } from '../cases/case-work.schema.ts';
import { inputDate, isoDate, isoDateTime } from '../platform/dates.ts';
import { listQuerySchema, pageSchema } from '../platform/http/listing.ts';
import { paymentKinds, paymentRequestStatuses } from './funding.codes.ts';
import { amountInForceFields } from './grant.schema.ts';
import { budgetYear, cents, strandCode } from './programme.definition.ts';

const version = z.number().int().positive();
const person = z.object({ id: z.uuid(), name: z.string() }).meta({ id: 'FundingPerson' });

export const grantIdParamsSchema = z.strictObject({ grantId: z.uuid() });
export const paymentRequestParamsSchema = z.strictObject({ requestId: z.uuid() });

// --- Requests -----------------------------------------------------------------------------------------------

export const paymentRequestLineInputSchema = z.strictObject({
  strand: strandCode,
  budgetYear,
  amountCents: cents.min(1),
  /** when the money will be spent: at most the programme's months from today (two-month rule) */
  dueOn: inputDate,
  purpose: optionalText(1000),
});

// No component id of its own: nested input schemas are inlined in the request body's.
export const createPaymentRequestSchema = z
  .strictObject({
    grantId: z.uuid(),
    justification: optionalText(4000),
    lines: z.array(paymentRequestLineInputSchema).min(1).max(30),
  })
  .meta({ id: 'CreatePaymentRequest' });
export type CreatePaymentRequest = z.infer<typeof createPaymentRequestSchema>;

export const rejectPaymentRequestSchema = z
  .strictObject({ reason: requiredText(4000) })
  .meta({ id: 'RejectPaymentRequest' });
export type RejectPaymentRequest = z.infer<typeof rejectPaymentRequestSchema>;

export const paymentRequestLineSchema = z
  .object({
    strand: z.string(),
    budgetYear: z.number().int(),
    amountCents: z.number().int(),
    dueOn: isoDate,
    purpose: z.string().nullable(),
  })
  .meta({ id: 'PaymentRequestLine' });

const approval = z.object({ by: person, at: isoDateTime }).meta({ id: 'PaymentApproval' });

export const paymentRequestSchema = z
  .object({
    id: z.uuid(),
    municipalityId: z.uuid(),
    municipalityName: z.string(),
    grantId: z.uuid(),
    grantReference: z.string(),
    status: z.enum(paymentRequestStatuses),
    justification: z.string().nullable(),
    requestedBy: person,
    requestedAt: isoDateTime,
    firstApproval: approval.nullable(),
    secondApproval: approval.nullable(),
    rejection: z.object({ by: person, at: isoDateTime, reason: z.string() }).nullable(),
    lines: z.array(paymentRequestLineSchema),
    totalCents: z.number().int(),
    version,
    /** What the signed-in user may do with it now (the four-eyes rule applied). */
    canApprove: z.boolean(),
    canReject: z.boolean(),
    canWithdraw: z.boolean(),
  })
  .meta({ id: 'PaymentRequest' });
export type PaymentRequest = z.infer<typeof paymentRequestSchema>;

export const paymentRequestSortFields = ['requestedAt', 'totalCents'] as const;
export type PaymentRequestSortField = (typeof paymentRequestSortFields)[number];

export const listPaymentRequestsQuerySchema = listQuerySchema({
  sort: paymentRequestSortFields,
  defaultSort: '-requestedAt',
  filters: {
    status: z.enum(paymentRequestStatuses).optional(),
    /** open = requested or approved once */
    open: z
      .enum(['true', 'false'])
      .transform((value) => value === 'true')
      .optional(),
    grantId: z.uuid().optional(),
  },
});
export type ListPaymentRequestsQuery = z.infer<typeof listPaymentRequestsQuerySchema>;
export const paymentRequestPageSchema = pageSchema(paymentRequestSchema, 'PaymentRequestPage');
export type PaymentRequestPage = z.infer<typeof paymentRequestPageSchema>;

// --- Ledger -------------------------------------------------------------------------------------------------

export const ledgerAmountSchema = z
  .object({
    ...amountInForceFields,
    /** asked for by open requests (requested, approved once) */
    openRequestedCents: z.number().int(),
    /** decided − paid − open requests: what a new request may ask for */
    requestableCents: z.number().int(),
  })
  .meta({ id: 'LedgerAmount' });
export type LedgerAmount = z.infer<typeof ledgerAmountSchema>;

export const ledgerBookingSchema = z
  .object({
    id: z.uuid(),
    strand: z.string(),
    budgetYear: z.number().int(),
    kind: z.enum(paymentKinds),
    amountCents: z.number().int(),
    requestId: z.uuid().nullable(),
    recoveryClaimId: z.uuid().nullable(),
    bookedOn: isoDate,
    bookedAt: isoDateTime,
    bookedBy: person,
    note: z.string().nullable(),
    /** paid in the booking's strand and year up to and including it */
    strandYearTotalCents: z.number().int(),
    /** paid on the grant up to and including it */
    grantTotalCents: z.number().int(),
  })
  .meta({ id: 'LedgerBooking' });
export type LedgerBooking = z.infer<typeof ledgerBookingSchema>;

export const grantLedgerSchema = z
  .object({
    grantId: z.uuid(),
    grantReference: z.string(),
    municipalityId: z.uuid(),
    municipalityName: z.string(),
    grantStatus: z.string(),
    /** The two-month rule of the grant's programme version, and the latest due date it allows today. */
    rule: z.object({ dueWithinMonths: z.number().int(), today: isoDate, latestDueOn: isoDate }),
    amounts: z.array(ledgerAmountSchema),
    bookings: z.array(ledgerBookingSchema),
    totals: z.object({ decidedCents: z.number().int(), paidCents: z.number().int(), remainingCents: z.number().int() }),
    /** Whether the signed-in user may request a payment of this grant. */
    canRequest: z.boolean(),
  })
  .meta({ id: 'GrantLedger' });
export type GrantLedger = z.infer<typeof grantLedgerSchema>;
