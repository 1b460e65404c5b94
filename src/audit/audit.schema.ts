// The audit log's API shapes, shared by the routes (validation, OpenAPI, response allow-list) and the web page.
import { z } from 'zod';
import { inputDateTime } from '../platform/dates.ts';
import { ACTION_PATTERN, AUDIT_OUTCOMES, RESOURCE_TYPE_PATTERN } from './audit.rules.ts';

export const AUDIT_PAGE_SIZE_MAX = 100;
export const AUDIT_PAGE_SIZE_DEFAULT = 50;

export const auditScopes = ['municipality', 'system'] as const;
export type AuditScope = (typeof auditScopes)[number];

export const auditLogQuerySchema = z
  .strictObject({
    scope: z
      .enum(auditScopes)
      .optional()
      .describe("Which chain: the active municipality's (default when the caller acts in one) or the system chain"),
    userId: z.guid().optional().describe('Only entries of this acting user'),
    participantId: z.guid().optional().describe('Only entries about this participant'),
    resourceType: z.string().max(64).regex(RESOURCE_TYPE_PATTERN).optional(),
    action: z.string().max(100).regex(ACTION_PATTERN).optional(),
    outcome: z.enum(AUDIT_OUTCOMES).optional(),
    from: inputDateTime.optional().describe('Inclusive start of the period (ISO 8601)'),
    to: inputDateTime.optional().describe('Exclusive end of the period (ISO 8601)'),
    cursor: z
      .string()
      .regex(/^[1-9][0-9]{0,17}$/)
      .optional()
      .describe('nextCursor of the previous page'),
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_SIZE_MAX).default(AUDIT_PAGE_SIZE_DEFAULT),
  })
  .refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), {
    path: ['to'],
    message: 'must be after from',
  });

export type AuditLogQuery = z.infer<typeof auditLogQuerySchema>;

const detailValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const auditLogEntrySchema = z
  .object({
    id: z.guid(),
    seq: z.number().int().min(1),
    chain: z.string().describe("'m:<municipality id>' or 'system'"),
    occurredAt: z.iso.datetime().describe('UTC'),
    actorUserId: z.guid().nullable(),
    actorOrganisationId: z.guid().nullable(),
    actorRoles: z.array(z.string()),
    action: z.string(),
    resourceType: z.string(),
    resourceId: z.string().nullable(),
    participantId: z.guid().nullable(),
    changedFields: z.array(z.string()).describe('Names of changed fields, never their values'),
    outcome: z.enum(AUDIT_OUTCOMES),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
    details: z.record(z.string(), detailValue),
  })
  .meta({ id: 'AuditLogEntry' });

export type AuditLogEntry = z.infer<typeof auditLogEntrySchema>;

export const auditLogPageSchema = z
  .object({
    scope: z.enum(auditScopes),
    items: z.array(auditLogEntrySchema),
    nextCursor: z.string().nullable().describe('Pass as cursor to get the next (older) page; null on the last page'),
  })
  .meta({ id: 'AuditLogPage' });

export type AuditLogPage = z.infer<typeof auditLogPageSchema>;
