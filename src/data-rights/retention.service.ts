// The municipality's deletion classes (GET/PUT /api/v1/municipality-policy/retention) and the retention job that
// applies them every night: for each municipality, in its tenant, every person whose class is due is anonymised
// or deleted, and the data of revoked consents are deleted, each in its own transaction that checks the facts
// again under a row lock (a case opened in the meantime stops it). Evidence goes to the ledger and the audit log.
import type { Kysely } from 'kysely';
import { authorize, type Actor } from '../access/access.rules.ts';
import { appendAudit, auditActorOf } from '../audit/audit.service.ts';
import type { Database } from '../database.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import type { RetentionPolicy, UpdateRetentionPolicy } from './data-rights.schema.ts';
import { municipalityIds } from './data-rights.repository.ts';
import { lockParticipant } from './erasure.repository.ts';
import { eraseConsentData, eraseParticipant, type ErasureContext } from './erasure.service.ts';
import {
  listRetentionRules,
  retentionFacts,
  upsertRetentionRule,
  type RetentionRuleRow,
} from './retention.repository.ts';
import {
  decideRetention,
  effectiveRules,
  MINIMUM_PERIOD_MONTHS,
  retentionClasses,
  retentionRuleProblems,
  type RetentionClass,
  type RetentionRules,
} from './retention.rules.ts';
import { requireActor, type RequestMeta } from './subject-access.service.ts';

const API_KEY = { case_data: 'caseData', consent_based: 'consentBased', without_case: 'withoutCase' } as const;

/** One version for the whole policy: 1 + the sum of the rows' versions (every change raises it). */
function policyVersion(rows: readonly RetentionRuleRow[]): number {
  return 1 + rows.reduce((sum, row) => sum + row.version, 0);
}

function presentPolicy(rows: RetentionRuleRow[]): RetentionPolicy {
  const rules = effectiveRules(rows);
  const rule = (cls: RetentionClass) => {
    const row = rows.find((candidate) => candidate.class === cls);
    return {
      periodMonths: rules[cls].periodMonths,
      action: rules[cls].action,
      enabled: rules[cls].enabled,
      isDefault: row === undefined,
      minimumPeriodMonths: MINIMUM_PERIOD_MONTHS[cls],
      updatedAt: row ? row.updatedAt.toISOString() : null,
    };
  };
  return {
    caseData: rule('case_data'),
    consentBased: rule('consent_based'),
    withoutCase: rule('without_case'),
    version: policyVersion(rows),
  };
}

export interface RetentionRunReport extends Record<string, unknown> {
  municipalities: number;
  evaluated: number;
  anonymised: number;
  deleted: number;
  consentData: number;
  failures: number;
  aborted: boolean;
}

/**
 * Applies the deletion classes of every municipality as of `now`. A failure with one person is logged and
 * counted, and the run goes on with the next; the signal stops the run between persons.
 */
export async function runRetention(
  db: Kysely<Database>,
  options: {
    now: () => Date;
    signal?: AbortSignal;
    onError?: (error: unknown, participantId: string) => void;
    /** Only these municipalities (e.g. after one changed its policy); default all. */
    municipalities?: readonly string[];
  },
): Promise<RetentionRunReport> {
  const report: RetentionRunReport = {
    municipalities: 0,
    evaluated: 0,
    anonymised: 0,
    deleted: 0,
    consentData: 0,
    failures: 0,
    aborted: false,
  };
  const all = await municipalityIds(db);
  const selected = options.municipalities ? all.filter((id) => options.municipalities?.includes(id)) : all;
  for (const municipalityId of selected) {
    if (options.signal?.aborted) {
      report.aborted = true;
      break;
    }
    report.municipalities += 1;
    const scope = { municipalityId, userId: null };
    const { rules, candidates } = await withTenant(db, scope, async (trx) => {
      const rules = effectiveRules(await listRetentionRules(trx));
      const at = options.now();
      const candidates = (await retentionFacts(trx)).filter((facts) => {
        const decision = decideRetention(facts, rules, at);
        return decision.participant.due || decision.consentData.some((item) => item.due);
      });
      return { rules, candidates };
    });
    report.evaluated += candidates.length;
    for (const candidate of candidates) {
      if (options.signal?.aborted) {
        report.aborted = true;
        break;
      }
      try {
        await applyDue(db, municipalityId, candidate.participantId, rules, options.now(), report);
      } catch (error) {
        report.failures += 1;
        options.onError?.(error, candidate.participantId);
      }
    }
    if (report.aborted) break;
  }
  return report;
}

async function applyDue(
  db: Kysely<Database>,
  municipalityId: string,
  participantId: string,
  rules: RetentionRules,
  at: Date,
  report: RetentionRunReport,
): Promise<void> {
  await withTenant(db, { municipalityId, userId: null }, async (trx) => {
    // The facts again, under the row lock: what the first pass saw may have changed since.
    if (!(await lockParticipant(trx, participantId))) return;
    const [facts] = await retentionFacts(trx, { participantId });
    if (!facts) return;
    const decision = decideRetention(facts, rules, at);
    const context: ErasureContext = { municipalityId, at, actor: null, trigger: 'retention' };
    if (decision.participant.due) {
      const { action, class: cls } = decision.participant;
      const rule = rules[cls];
      const outcome = await eraseParticipant(trx, context, {
        participantId,
        action,
        class: cls,
        reason: `retention: ${rule.periodMonths} months after ${cls === 'case_data' ? 'the end of the last case' : 'the last change'}`,
      });
      // Anonymising removes the contact details and documents too: nothing consent-based is left.
      if (action === 'delete') report.deleted += outcome.records;
      else report.anonymised += outcome.records;
      return;
    }
    for (const item of decision.consentData.filter((candidate) => candidate.due)) {
      await eraseConsentData(trx, context, {
        participantId,
        purpose: item.purpose,
        data: item.data,
        revokedOn: item.revokedOn,
        reason: `retention: consent ${item.purpose} revoked on ${item.revokedOn}`,
      });
      report.consentData += 1;
    }
  });
}

export function createRetentionService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps;

  async function allow(actorOrNull: Actor | null, action: 'read' | 'update', meta: RequestMeta) {
    const actor = requireActor(actorOrNull);
    const decision = authorize(actor, action, { resource: 'policy', municipalityId: actor.activeMunicipalityId });
    if (!decision.allowed) {
      await withTenant(db, { municipalityId: actor.activeMunicipalityId, userId: actor.userId }, (trx) =>
        appendAudit(trx, {
          municipalityId: actor.activeMunicipalityId,
          actor: auditActorOf(actor),
          action,
          resourceType: 'policy',
          resourceId: 'retention',
          outcome: 'denied',
          request: meta,
          details: { reason: decision.reason },
        }),
      );
      throw new AppError('forbidden', 'You may not do this with the retention policy.');
    }
    return actor;
  }

  return {
    async get(actor: Actor | null, meta: RequestMeta): Promise<RetentionPolicy> {
      const who = await allow(actor, 'read', meta);
      return withTenant(db, { municipalityId: who.activeMunicipalityId, userId: who.userId }, async (trx) =>
        presentPolicy(await listRetentionRules(trx)),
      );
    },

    async update(
      actor: Actor | null,
      expectedVersion: number,
      input: UpdateRetentionPolicy,
      meta: RequestMeta,
    ): Promise<RetentionPolicy> {
      const who = await allow(actor, 'update', meta);
      const wanted: RetentionRules = {
        case_data: { class: 'case_data', ...input.caseData },
        consent_based: { class: 'consent_based', ...input.consentBased },
        without_case: { class: 'without_case', ...input.withoutCase },
      };
      const problems = retentionRuleProblems(wanted);
      if (problems.length > 0) {
        throw new AppError('validation_failed', 'The deletion classes are not valid.', {
          fieldErrors: problems.map((problem) => ({
            in: 'body' as const,
            field: `${API_KEY[problem.class]}.${problem.field}`,
            code: problem.code,
            message: problem.message,
          })),
        });
      }
      const municipalityId = who.activeMunicipalityId;
      try {
        return await withTenant(db, { municipalityId, userId: who.userId }, async (trx) => {
          // The rows are locked, so that two changes cannot both pass the version check.
          const current = await listRetentionRules(trx, { lock: true });
          if (policyVersion(current) !== expectedVersion) {
            throw new AppError('precondition_failed', 'The retention policy was changed by someone else; reload it.');
          }
          const before = effectiveRules(current);
          const changed: string[] = [];
          for (const cls of retentionClasses) {
            for (const key of ['periodMonths', 'action', 'enabled'] as const) {
              if (before[cls][key] !== wanted[cls][key]) changed.push(`${API_KEY[cls]}.${key}`);
            }
            await upsertRetentionRule(trx, municipalityId, wanted[cls], who.userId, now());
          }
          await appendAudit(trx, {
            municipalityId,
            actor: auditActorOf(who),
            action: 'update',
            resourceType: 'policy',
            resourceId: 'retention',
            changedFields: changed,
            outcome: 'success',
            request: meta,
          });
          return presentPolicy(await listRetentionRules(trx));
        });
      } catch (error) {
        // Two first-time changes at once: the second insert meets the first one's rows.
        if ((error as { code?: unknown }).code === '23505') {
          throw new AppError('precondition_failed', 'The retention policy was changed by someone else; reload it.');
        }
        throw error;
      }
    },
  };
}

export type RetentionService = ReturnType<typeof createRetentionService>;
