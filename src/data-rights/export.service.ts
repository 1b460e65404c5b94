// Art. 15 GDPR: one participant's complete data. Every table holding a person's data (personTables) is read in
// one transaction of the tenant, all columns as stored (documents with their content, base64), together with
// the audit entries about the person (who accessed the data: Art. 15(1)(c)) and the deletion-ledger entries.
// The export itself is audited ('export') in the same transaction. The PDF is rendered from the same data.
import type { Kysely } from 'kysely';
import type { Actor } from '../access/access.rules.ts';
import { appendAudit, auditActorOf } from '../audit/audit.service.ts';
import type { Database } from '../database.ts';
import { personTables } from './anonymisation.rules.ts';
import type { ParticipantExport } from './data-rights.schema.ts';
import {
  auditAboutPerson,
  feedbackInvitationsOf,
  offerNames,
  organisationNames,
  personRows,
  userNames,
} from './data-rights.repository.ts';
import { personGroup } from './erasure.repository.ts';
import {
  describeConsentData,
  describeRetention,
  EXPORT_AUTOMATED_DECISIONS,
  EXPORT_PURPOSES,
  EXPORT_RECIPIENTS,
  EXPORT_RIGHTS,
  EXPORT_SOURCE,
} from './export-information.ts';
import { listRetentionRules } from './retention.repository.ts';
import { effectiveRules } from './retention.rules.ts';
import { withAuthorizedParticipant, type RequestMeta } from './subject-access.service.ts';

/** The tables the export reads, in the order of the report. A test compares them with the database's catalog. */
export const EXPORTED_TABLES: readonly string[] = personTables;

/** Tables with a participant_id column that hold no data of a person, and why (the coverage test lists them). */
export const NOT_EXPORTED_TABLES: Record<string, string> = {
  system_audit_log:
    'the chain of events without a tenant: events about participants are always written to the tenant chain ' +
    '(audit_log), which the export reads',
};

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** A stored row as JSON: camelCase names, timestamps in ISO 8601 (UTC), binary content base64. */
function present(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (value instanceof Date) out[camel(column)] = value.toISOString();
    else if (Buffer.isBuffer(value)) {
      out[camel(column)] = value.toString('base64');
      out[`${camel(column)}Encoding`] = 'base64';
    } else if (typeof value === 'bigint') out[camel(column)] = Number(value);
    else out[camel(column)] = value;
  }
  return out;
}

export function createExportService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps;
  return {
    async exportParticipant(
      actor: Actor | null,
      participantId: string,
      format: 'json' | 'pdf',
      meta: RequestMeta,
    ): Promise<ParticipantExport> {
      return withAuthorizedParticipant(db, actor, 'export', participantId, meta, async (trx, facts, who) => {
        const generatedAt = now();
        const ids = await personGroup(trx, participantId);
        const tables: Record<string, Record<string, unknown>[]> = {};
        for (const table of personTables) {
          if (table === 'audit_log') continue;
          tables[table] = (await personRows(trx, table, ids)).map(present);
          // The feedback links of the enrolments follow them: the table has no participant_id of its own.
          if (table === 'enrolment') {
            tables.feedback_invitation = (await feedbackInvitationsOf(trx, ids)).map(present);
          }
        }
        const audit = await auditAboutPerson(trx, ids);
        const organisations = await organisationNames(trx, [
          facts.municipalityId,
          ...new Set(audit.map((entry) => entry.actorOrganisationId).filter((id): id is string => id !== null)),
        ]);
        tables.audit_log = audit.map((entry) => ({
          seq: entry.seq,
          occurredAt: entry.occurredAt.toISOString(),
          action: entry.action,
          resourceType: entry.resourceType,
          resourceId: entry.resourceId,
          participantId: entry.participantId,
          outcome: entry.outcome,
          actorOrganisation: entry.actorOrganisationId ? (organisations.get(entry.actorOrganisationId) ?? null) : null,
          actorRoles: entry.actorRoles,
          changedFields: entry.changedFields,
        }));
        // The person's coach and participation manager by name: they know them, and the report should say so.
        const assignments = tables.case_assignment ?? [];
        const staff = await userNames(
          trx,
          assignments.map((row) => row.userId).filter((id): id is string => typeof id === 'string'),
        );
        for (const row of assignments) row.userDisplayName = staff.get(row.userId as string) ?? null;
        // Enrolments by the offer's title and provider: an offer's id means nothing to the person.
        const enrolments = tables.enrolment ?? [];
        const offers = await offerNames(
          trx,
          enrolments.map((row) => row.offerId).filter((id): id is string => typeof id === 'string'),
        );
        for (const row of enrolments) {
          const offer = offers.get(row.offerId as string);
          row.offerTitle = offer?.title ?? null;
          row.providerName = offer?.provider ?? null;
        }
        const offerOfEnrolment = new Map(enrolments.map((row) => [row.id, row.offerTitle]));
        for (const row of tables.feedback_invitation ?? [])
          row.offerTitle = offerOfEnrolment.get(row.enrolmentId) ?? null;

        const rules = effectiveRules(await listRetentionRules(trx));
        const participant = tables.participant?.find((row) => row.id === participantId);
        const result: ParticipantExport = {
          kind: 'art15_access_report',
          formatVersion: 1,
          generatedAt: generatedAt.toISOString(),
          controller: { organisationId: facts.municipalityId, name: organisations.get(facts.municipalityId) ?? '' },
          dataSubject: {
            participantId,
            number: typeof participant?.number === 'string' ? participant.number : facts.number,
            recordIds: ids,
          },
          information: {
            purposes: EXPORT_PURPOSES,
            retention: describeRetention(rules),
            consentData: describeConsentData(),
            recipients: EXPORT_RECIPIENTS,
            source: EXPORT_SOURCE,
            automatedDecisions: EXPORT_AUTOMATED_DECISIONS,
            rights: EXPORT_RIGHTS,
          },
          tables,
          counts: Object.fromEntries(Object.entries(tables).map(([table, rows]) => [table, rows.length])),
        };
        await appendAudit(trx, {
          municipalityId: facts.municipalityId,
          actor: auditActorOf(who),
          action: 'export',
          resourceType: 'participant',
          resourceId: participantId,
          participantId,
          outcome: 'success',
          request: meta,
          details: { format, records: ids.length, documents: tables.case_document?.length ?? 0 },
        });
        return result;
      });
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
