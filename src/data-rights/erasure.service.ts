// Erasure (Art. 17 GDPR) and its evidence. One participant is anonymised or deleted together with the records
// merged into it (the same person); the data of a revoked consent are deleted. Each erasure writes a
// deletion-ledger row (no personal data: ids, class, reason, row counts) and an audit entry in the same
// transaction as the erasure itself. The ledger is re-applied after a restore from an older backup.
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../access/access.rules.ts';
import { appendAudit, auditActorOf, type AuditEntry } from '../audit/audit.service.ts';
import type { Database } from '../database.ts';
import type { ConsentPurpose } from '../participants/participant.codes.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import { changedColumns } from './anonymisation.rules.ts';
import type { DeletionResult, ErasureGround } from './data-rights.schema.ts';
import { municipalityIds, participantAccessFacts } from './data-rights.repository.ts';
import {
  anonymiseRows,
  countPersonRows,
  deleteContactDetails,
  deleteParticipants,
  deletePhotoDocuments,
  insertLedgerEntry,
  listLedgerEntries,
  lockParticipant,
  personGroup,
  presentParticipants,
  revokeStandingConsents,
  type LedgerRow,
} from './erasure.repository.ts';
import { listRetentionRules, retentionFacts } from './retention.repository.ts';
import {
  CONSENT_DATA,
  effectiveRules,
  participantClass,
  type ConsentData,
  type RetentionAction,
} from './retention.rules.ts';
import { withAuthorizedParticipant, type RequestMeta } from './subject-access.service.ts';

export type ErasureTrigger = 'request' | 'retention' | 'ledger';

export interface ErasureContext {
  municipalityId: string;
  at: Date;
  actor: AuditEntry['actor'];
  request?: RequestMeta;
  trigger: ErasureTrigger;
}

export interface ErasureOutcome {
  seq: number;
  participantId: string;
  action: RetentionAction;
  class: string;
  executedAt: Date;
  records: number;
  rows: Record<string, number>;
}

const CONTACT_FIELDS = ['phone', 'email', 'street', 'postcode'];

/** Anonymises or deletes a person (the record and the records merged into it). Call inside its tenant's transaction. */
export async function eraseParticipant(
  trx: Transaction<Database>,
  context: ErasureContext,
  input: { participantId: string; action: RetentionAction; class: string; reason: string },
): Promise<ErasureOutcome> {
  const ids = await personGroup(trx, input.participantId);
  const merged = ids.filter((id) => id !== input.participantId);
  let rows: Record<string, number>;
  if (input.action === 'delete') {
    rows = await countPersonRows(trx, ids);
    await deleteParticipants(trx, ids);
  } else {
    rows = await anonymiseRows(trx, context.municipalityId, ids, context.at);
  }
  const ledger = {
    municipalityId: context.municipalityId,
    subject: 'participant' as const,
    action: input.action,
    class: input.class,
    reason: input.reason,
    executedAt: context.at,
    executedBy: context.actor?.userId ?? null,
  };
  const seq = await insertLedgerEntry(trx, {
    ...ledger,
    participantId: input.participantId,
    evidence: { trigger: context.trigger, records: ids.length, rows },
  });
  // The merged records get their own ledger rows, so that a restore brings none of them back either.
  for (const id of merged) {
    await insertLedgerEntry(trx, {
      ...ledger,
      participantId: id,
      evidence: { trigger: context.trigger, mergedInto: input.participantId, ledgerSeq: seq },
    });
  }
  for (const id of ids) {
    await appendAudit(trx, {
      municipalityId: context.municipalityId,
      actor: context.actor,
      action: 'delete',
      resourceType: 'participant',
      resourceId: id,
      participantId: id,
      changedFields: input.action === 'anonymise' ? changedColumns('participant') : [],
      outcome: 'success',
      request: context.request,
      details: { erasure: input.action, class: input.class, trigger: context.trigger, ledgerSeq: seq },
    });
  }
  return {
    seq,
    participantId: input.participantId,
    action: input.action,
    class: input.class,
    executedAt: context.at,
    records: ids.length,
    rows,
  };
}

/** Deletes the data that rested only on a revoked consent purpose. Call inside its tenant's transaction. */
export async function eraseConsentData(
  trx: Transaction<Database>,
  context: ErasureContext,
  input: { participantId: string; purpose: ConsentPurpose; data: ConsentData; revokedOn: string; reason: string },
): Promise<ErasureOutcome> {
  const ids = await personGroup(trx, input.participantId);
  const rows: Record<string, number> =
    input.data === 'contact_details'
      ? { participant: await deleteContactDetails(trx, ids, context.at) }
      : { case_document: await deletePhotoDocuments(trx, ids) };
  const seq = await insertLedgerEntry(trx, {
    municipalityId: context.municipalityId,
    participantId: input.participantId,
    subject: 'consent_data',
    action: 'delete',
    class: 'consent_based',
    reason: input.reason,
    executedAt: context.at,
    executedBy: context.actor?.userId ?? null,
    // Purpose and revocation day let a re-application after a restore revoke and delete again.
    evidence: { trigger: context.trigger, purpose: input.purpose, data: input.data, revokedOn: input.revokedOn, rows },
  });
  await appendAudit(trx, {
    municipalityId: context.municipalityId,
    actor: context.actor,
    action: 'delete',
    resourceType: 'participant',
    resourceId: input.participantId,
    participantId: input.participantId,
    changedFields: input.data === 'contact_details' ? CONTACT_FIELDS : ['documents'],
    outcome: 'success',
    request: context.request,
    details: { erasure: 'consent_data', purpose: input.purpose, trigger: context.trigger, ledgerSeq: seq },
  });
  return {
    seq,
    participantId: input.participantId,
    action: 'delete',
    class: 'consent_based',
    executedAt: context.at,
    records: ids.length,
    rows,
  };
}

const GROUND_TEXT: Record<ErasureGround, string> = {
  no_longer_necessary: 'Art. 17(1)(a) GDPR: no longer necessary',
  consent_withdrawn: 'Art. 17(1)(b) GDPR: consent withdrawn',
  objection: 'Art. 17(1)(c) GDPR: objection (Art. 21)',
  unlawfully_processed: 'Art. 17(1)(d) GDPR: unlawfully processed',
  legal_obligation: 'Art. 17(1)(e) GDPR: legal obligation to erase',
};

export interface LedgerReapplication {
  municipalities: number;
  ledgerEntries: number;
  deleted: number;
  anonymised: number;
  consentData: number;
  rows: Record<string, number>;
}

function addRows(total: Record<string, number>, rows: Record<string, number>): void {
  for (const [table, n] of Object.entries(rows)) total[table] = (total[table] ?? 0) + n;
}

function consentEvidence(entry: LedgerRow): { purpose: ConsentPurpose; revokedOn: string } | null {
  const evidence = entry.evidence as { purpose?: unknown; revokedOn?: unknown } | null;
  const purpose = evidence?.purpose;
  if (typeof purpose !== 'string' || !(purpose in CONSENT_DATA) || typeof evidence?.revokedOn !== 'string') return null;
  return { purpose: purpose as ConsentPurpose, revokedOn: evidence.revokedOn };
}

/**
 * Re-applies the deletion ledger (after a restore from an older backup, issue 5 calls it): every person the ledger
 * says was deleted or anonymised, and is present again as they were before, is erased again; the data of revoked
 * consents are deleted again (and the revocation, lost with the restore, recorded again). Idempotent.
 */
export async function reapplyDeletionLedger(
  db: Kysely<Database>,
  options: { now?: () => Date } = {},
): Promise<LedgerReapplication> {
  const now = options.now ?? (() => new Date());
  const report: LedgerReapplication = {
    municipalities: 0,
    ledgerEntries: 0,
    deleted: 0,
    anonymised: 0,
    consentData: 0,
    rows: {},
  };
  for (const municipalityId of await municipalityIds(db)) {
    report.municipalities += 1;
    await withTenant(db, { municipalityId, userId: null }, async (trx) => {
      const entries = await listLedgerEntries(trx);
      report.ledgerEntries += entries.length;
      const present = await presentParticipants(trx, [...new Set(entries.map((entry) => entry.participantId))]);
      const context: ErasureContext = { municipalityId, at: now(), actor: null, trigger: 'ledger' };
      for (const [participantId, state] of present) {
        const own = entries.filter((entry) => entry.participantId === participantId);
        // Gone already with a record erased earlier in this loop (a merged record with its primary).
        if ((await personGroup(trx, participantId)).length === 0) continue;
        const reason = (entry: LedgerRow) => `reapplied after a restore (ledger entry ${entry.seq})`;
        const deletion = own.find((entry) => entry.subject === 'participant' && entry.action === 'delete');
        const anonymisation = own.find((entry) => entry.subject === 'participant' && entry.action === 'anonymise');
        if (deletion) {
          const outcome = await eraseParticipant(trx, context, {
            participantId,
            action: 'delete',
            class: deletion.class,
            reason: reason(deletion),
          });
          report.deleted += outcome.records;
          addRows(report.rows, outcome.rows);
          continue;
        }
        if (anonymisation && state.anonymisedAt === null) {
          const outcome = await eraseParticipant(trx, context, {
            participantId,
            action: 'anonymise',
            class: anonymisation.class,
            reason: reason(anonymisation),
          });
          report.anonymised += outcome.records;
          addRows(report.rows, outcome.rows);
        }
        for (const entry of own.filter((item) => item.subject === 'consent_data')) {
          const consent = consentEvidence(entry);
          const data = consent ? CONSENT_DATA[consent.purpose].data : null;
          if (!consent || !data) continue;
          const ids = await personGroup(trx, participantId);
          const revoked = await revokeStandingConsents(trx, ids, consent.purpose, consent.revokedOn);
          const [facts] = await retentionFacts(trx, { participantId });
          const present = data === 'contact_details' ? facts?.contactDetailsPresent : (facts?.photoDocuments ?? 0) > 0;
          // Only data that came back are erased (and recorded) again: a second re-application writes nothing.
          if (present) {
            const outcome = await eraseConsentData(trx, context, {
              participantId,
              purpose: consent.purpose,
              data,
              revokedOn: consent.revokedOn,
              reason: reason(entry),
            });
            addRows(report.rows, outcome.rows);
          }
          if (present || revoked > 0) report.consentData += 1;
        }
      }
    });
  }
  return report;
}

export function createErasureService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps;
  return {
    /**
     * Art. 17 on request: anonymises or deletes the person now, as the municipality's rule for the person's
     * class says (case data, or a record without a case). Refused while a case is open or the record is blocked.
     */
    async deleteOnRequest(
      actor: Actor | null,
      participantId: string,
      expectedVersion: number,
      ground: ErasureGround,
      meta: RequestMeta,
    ): Promise<DeletionResult> {
      return withAuthorizedParticipant(db, actor, 'delete', participantId, meta, async (trx, _checked, who) => {
        const locked = await lockParticipant(trx, participantId);
        // Read again under the lock: a case opened since the access check would otherwise be missed.
        const facts = locked ? await participantAccessFacts(trx, participantId) : undefined;
        if (!locked || !facts) throw new AppError('not_found', 'No such participant.');
        if (locked.version !== expectedVersion) {
          throw new AppError('precondition_failed', 'The participant was changed by someone else; reload it.');
        }
        if (locked.merged_into_id !== null) {
          throw new AppError('conflict', 'This record was merged into another one; erase that record instead.');
        }
        if (locked.blocked_at !== null) {
          throw new AppError('conflict', 'The record is blocked (Art. 18 GDPR); lift the block before erasing it.');
        }
        if (facts.openCases > 0) {
          throw new AppError('conflict', 'A case of this person is open; close it (exit) before erasing the record.');
        }
        const cls = participantClass({ cases: facts.cases });
        const rule = effectiveRules(await listRetentionRules(trx))[cls];
        if (rule.action === 'anonymise' && locked.anonymised_at !== null) {
          throw new AppError('conflict', 'The record is anonymised already.');
        }
        const outcome = await eraseParticipant(
          trx,
          {
            municipalityId: facts.municipalityId,
            at: now(),
            actor: auditActorOf(who),
            request: meta,
            trigger: 'request',
          },
          { participantId, action: rule.action, class: cls, reason: GROUND_TEXT[ground] },
        );
        return {
          participantId,
          action: outcome.action,
          class: cls,
          ground,
          ledgerSeq: outcome.seq,
          executedAt: outcome.executedAt.toISOString(),
          records: outcome.records,
          rows: outcome.rows,
        };
      });
    },
  };
}

export type ErasureService = ReturnType<typeof createErasureService>;
