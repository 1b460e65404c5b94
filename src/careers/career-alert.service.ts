// Use cases of the measure-career alerts: a person's alerts with the enrolments that triggered them, the alerts
// of the cases an actor works on, acknowledging (with a plan) or dismissing (with a reason) one alert, and the
// municipality's counts. Alerts follow the person: whoever may not see the person's alerts gets 404 (audited);
// providers hold no alert permission at all (function level, 403).
import type { Kysely, Transaction } from 'kysely';
import { authorize, permissions, type Action, type Actor, type Target } from '../access/access.rules.ts';
import { createAuditBatcher, type AuditBatcher } from '../audit/audit-batcher.ts';
import { appendAudit, auditActorOf, type AuditEntry } from '../audit/audit.service.ts';
import { actingIn } from '../cases/case.context.ts';
import type { Database } from '../database.ts';
import { assertWritable } from '../participants/participant.service.ts';
import { accessFactsOf, findParticipant } from '../participants/participant.repository.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import type { RequestMeta } from '../platform/http/request-meta.ts';
import { parseSort, readCursor, toPage } from '../platform/http/listing.ts';
import {
  alertCounts,
  alertEnrolments,
  alertsOfParticipant,
  caseloadAlerts,
  findAlert,
  handleAlert,
  type AlertEnrolmentRow,
  type AlertRow,
} from './career-alert.repository.ts';
import type {
  AcknowledgeAlert,
  Alert,
  AlertDetails,
  AlertList,
  AlertSummary,
  CaseloadAlertPage,
  CaseloadAlertsQuery,
  DismissAlert,
} from './career.schema.ts';
import type { AlertStatus, CareerRule } from './career.table.ts';
import type { OfferType } from '../offers/offer.codes.ts';

type Trx = Transaction<Database>;

export interface CareerAlertServiceOptions {
  db: Kysely<Database>;
  readAudit?: AuditBatcher;
}

const NOT_FOUND = 'No such alert.';

function inTenant<T>(db: Kysely<Database>, actor: Actor, work: (trx: Trx) => Promise<T>): Promise<T> {
  return withTenant(db, { municipalityId: actor.activeMunicipalityId, userId: actor.userId }, work);
}

/** Who may see a person's alerts: the person's case workers (restricted people: only the assigned ones). */
export function alertTarget(facts: {
  municipalityId: string;
  restricted: boolean;
  assignedUserIds: readonly string[];
  teamIds: readonly string[];
}): Target {
  return { resource: 'alert', ...facts };
}

/** Whether the actor's alert permissions reach beyond the people assigned to them (then team cases count too). */
function reachesTeams(actor: Actor): boolean {
  return permissions.some(
    (p) => actor.roles.includes(p.role) && p.resource === 'alert' && p.action === 'read' && p.scope !== 'own',
  );
}

function present(row: AlertRow, enrolments: ReadonlyMap<string, AlertEnrolmentRow>): Alert {
  return {
    id: row.id,
    participantId: row.participant_id,
    rule: row.rule,
    status: row.status,
    details: row.details as AlertDetails,
    enrolments: row.enrolment_ids.flatMap((id) => {
      const e = enrolments.get(id);
      return e
        ? [
            {
              id: e.id,
              offerId: e.offer_id,
              offerTitle: e.offer_title,
              offerType: e.offer_type,
              providerId: e.provider_id,
              providerName: e.provider_name,
              status: e.status,
              referredOn: e.referred_on,
              startsOn: e.starts_on,
              endsOn: e.ends_on,
              dropoutReason: e.dropout_reason,
            },
          ]
        : [];
    }),
    detectedAt: row.detected_at.toISOString(),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    handledAt: row.handled_at?.toISOString() ?? null,
    handledBy:
      row.handled_by === null ? null : { id: row.handled_by, displayName: row.handled_by_name ?? row.handled_by },
    plan: row.plan,
    dismissalReason: row.dismissal_reason,
    version: row.version,
  };
}

export function createCareerAlertService(options: CareerAlertServiceOptions) {
  const { db } = options;
  const readAudit = options.readAudit ?? createAuditBatcher({ db });

  function entry(actor: Actor, input: Omit<AuditEntry, 'municipalityId' | 'actor'>): AuditEntry {
    return { municipalityId: actor.activeMunicipalityId, actor: auditActorOf(actor), ...input };
  }

  /** Records a denial in its own transaction (the request's is rolled back by the refusal). */
  async function deny(
    actor: Actor,
    action: Action,
    alertId: string | null,
    participantId: string,
    reason: string,
    meta: RequestMeta,
  ) {
    await inTenant(db, actor, (trx) =>
      appendAudit(
        trx,
        entry(actor, {
          action,
          resourceType: alertId === null ? 'participant' : 'alert',
          resourceId: alertId ?? participantId,
          participantId,
          outcome: 'denied',
          request: meta,
          details: { reason, operation: 'career_alerts' },
        }),
      ),
    );
  }

  /** The person's alerts are visible to the actor (else 404, audited); the action allowed (else 403, audited). */
  async function checkPerson(
    trx: Trx,
    actor: Actor,
    participantId: string,
    action: Action,
    alertId: string | null,
    meta: RequestMeta,
  ): Promise<void> {
    const row = await findParticipant(trx, participantId);
    if (!row) throw new AppError('not_found', alertId === null ? 'No such participant.' : NOT_FOUND);
    const facts = (await accessFactsOf(trx, [participantId])).get(participantId);
    const target = alertTarget({
      municipalityId: row.municipality_id,
      restricted: row.restricted,
      assignedUserIds: facts?.assignedUserIds ?? [],
      teamIds: facts?.teamIds ?? [],
    });
    const visible = authorize(actor, 'read', target);
    if (!visible.allowed) {
      await deny(actor, action, alertId, participantId, visible.reason, meta);
      throw new AppError('not_found', alertId === null ? 'No such participant.' : NOT_FOUND);
    }
    if (action === 'read') return;
    const decision = authorize(actor, action, target);
    if (!decision.allowed) {
      await deny(actor, action, alertId, participantId, decision.reason, meta);
      throw new AppError('forbidden', 'You may not do this.');
    }
  }

  async function presentOne(trx: Trx, row: AlertRow): Promise<Alert> {
    return present(row, await alertEnrolments(trx, row.enrolment_ids));
  }

  async function handle(
    actorOrNull: Actor | null,
    alertId: string,
    expectedVersion: number,
    change: { status: 'acknowledged'; plan: string } | { status: 'dismissed'; reason: string },
    meta: RequestMeta,
  ): Promise<Alert> {
    const { actor } = actingIn(actorOrNull);
    return inTenant(db, actor, async (trx) => {
      const found = await findAlert(trx, alertId);
      if (!found) throw new AppError('not_found', NOT_FOUND);
      await checkPerson(trx, actor, found.participant_id, 'update', alertId, meta);
      await assertWritable(trx, actor, found.participant_id);
      const row = (await findAlert(trx, alertId, true)) as AlertRow;
      if (row.status === 'resolved' || row.status === 'dismissed') {
        throw new AppError(
          'conflict',
          row.status === 'resolved'
            ? 'The alert is resolved: its pattern is no longer found.'
            : 'The alert was dismissed; it stays dismissed.',
        );
      }
      if (row.version !== expectedVersion) {
        throw new AppError('precondition_failed', 'The alert was changed meanwhile; reload it.');
      }
      await handleAlert(trx, alertId, expectedVersion, change, actor.userId);
      await appendAudit(
        trx,
        entry(actor, {
          action: 'update',
          resourceType: 'alert',
          resourceId: alertId,
          participantId: row.participant_id,
          changedFields:
            change.status === 'acknowledged'
              ? ['alert.status', 'alert.plan']
              : ['alert.status', 'alert.dismissalReason'],
          outcome: 'success',
          request: meta,
          details: { rule: row.rule, status: change.status },
        }),
      );
      return presentOne(trx, (await findAlert(trx, alertId)) as AlertRow);
    });
  }

  return {
    /** A person's alerts, open ones first, each with the enrolments that triggered it (audited read). */
    async listOfParticipant(
      actorOrNull: Actor | null,
      participantId: string,
      query: { status?: AlertStatus | undefined },
      meta: RequestMeta,
    ): Promise<AlertList> {
      const { actor } = actingIn(actorOrNull);
      const items = await inTenant(db, actor, async (trx) => {
        await checkPerson(trx, actor, participantId, 'read', null, meta);
        const rows = await alertsOfParticipant(trx, participantId, query.status);
        const enrolments = await alertEnrolments(
          trx,
          rows.flatMap((row) => row.enrolment_ids),
        );
        return rows.map((row) => present(row, enrolments));
      });
      await readAudit.append(
        entry(actor, {
          action: 'read',
          resourceType: 'participant',
          resourceId: participantId,
          participantId,
          outcome: 'success',
          request: meta,
          details: { operation: 'career_alerts', count: items.length },
        }),
      );
      return { items };
    },

    acknowledge(actor: Actor | null, alertId: string, version: number, input: AcknowledgeAlert, meta: RequestMeta) {
      return handle(actor, alertId, version, { status: 'acknowledged', plan: input.plan }, meta);
    },

    dismiss(actor: Actor | null, alertId: string, version: number, input: DismissAlert, meta: RequestMeta) {
      return handle(actor, alertId, version, { status: 'dismissed', reason: input.reason }, meta);
    },

    /** The alerts of the people whose cases the actor works on (assigned, or of the actor's teams). */
    async caseload(
      actorOrNull: Actor | null,
      query: CaseloadAlertsQuery,
      meta: RequestMeta,
    ): Promise<CaseloadAlertPage> {
      const { actor } = actingIn(actorOrNull);
      const order = parseSort(query.sort);
      const position = readCursor(query.cursor, query.sort);
      const rows = await inTenant(db, actor, (trx) =>
        caseloadAlerts(trx, {
          userId: actor.userId,
          teamIds: reachesTeams(actor) ? actor.teamIds : [],
          status: query.status,
          rule: query.rule,
          direction: order.direction,
          after: position ? { value: String(position.value), id: position.id } : undefined,
          limit: query.limit,
        }),
      );
      const page = toPage(
        rows,
        query.limit,
        query.sort,
        (row) => ({ value: row.sort_key, id: row.id }),
        (row) => ({
          id: row.id,
          rule: row.rule,
          status: row.status,
          detectedAt: row.detected_at.toISOString(),
          participant: {
            id: row.participant_id,
            number: row.number,
            familyName: row.family_name,
            givenNames: row.given_names,
          },
          enrolmentCount: row.enrolment_count,
        }),
      );
      await readAudit.append(
        entry(actor, {
          action: 'read',
          resourceType: 'participant',
          resourceId: null,
          participantId: null,
          outcome: 'success',
          request: meta,
          details: { operation: 'career_alerts_caseload', count: page.items.length },
        }),
      );
      return page;
    },

    /** The municipality's counts (aggregate: no personal data); by default all alerts but resolved ones. */
    async summary(actorOrNull: Actor | null, query: { status?: AlertStatus | undefined }): Promise<AlertSummary> {
      const { actor, municipalityId } = actingIn(actorOrNull);
      if (!authorize(actor, 'read', { resource: 'aggregate', municipalityId }).allowed) {
        throw new AppError('forbidden', 'You may not do this.');
      }
      const statuses: AlertStatus[] = query.status ? [query.status] : ['open', 'acknowledged', 'dismissed'];
      const counts = await inTenant(db, actor, (trx) => alertCounts(trx, statuses));
      const of = (dimension: string) => counts.rows.filter((row) => row.dimension === dimension);
      const byAlerts = <T extends { alerts: number }>(a: T, b: T) => b.alerts - a.alerts;
      return {
        total: counts.total,
        participants: counts.participants,
        byRule: of('rule')
          .map((row) => ({ key: row.key as CareerRule, alerts: row.alerts }))
          .sort(byAlerts),
        byStatus: of('status')
          .map((row) => ({ key: row.key as AlertStatus, alerts: row.alerts }))
          .sort(byAlerts),
        byProvider: of('provider')
          .map((row) => ({ providerId: row.key, providerName: row.name ?? '', alerts: row.alerts }))
          .sort((a, b) => b.alerts - a.alerts || a.providerName.localeCompare(b.providerName)),
        byOfferType: of('type')
          .map((row) => ({ key: row.key as OfferType, alerts: row.alerts }))
          .sort(byAlerts),
        byRuleAndOfferType: of('rule_type')
          .map((row) => ({ rule: row.rule as CareerRule, offerType: row.key as OfferType, alerts: row.alerts }))
          .sort(byAlerts),
      };
    },
  };
}

export type CareerAlertService = ReturnType<typeof createCareerAlertService>;
