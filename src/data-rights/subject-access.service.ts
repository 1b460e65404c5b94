// The access check every data-rights use case on one participant begins with: the record is looked up in the
// actor's tenant (another tenant's id is simply not found: 404, never a leak), then `authorize` decides on its
// facts. A denial is recorded in the audit log in its own transaction (the work's transaction rolls back) and
// answered with 403.
import type { Kysely, Transaction } from 'kysely';
import { authorize, type Action, type Actor } from '../access/access.rules.ts';
import { appendAudit, auditActorOf, type AuditEntry } from '../audit/audit.service.ts';
import type { Database } from '../database.ts';
import { participantTarget } from '../participants/participant-access.rules.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import { participantAccessFacts, type ParticipantAccessRow } from './data-rights.repository.ts';

export type RequestMeta = AuditEntry['request'];

class Denied extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.reason = reason;
  }
}

export function requireActor(actor: Actor | null): Actor & { activeMunicipalityId: string } {
  if (!actor) throw new AppError('unauthenticated', 'Sign in first.');
  if (actor.activeMunicipalityId === null) throw new AppError('not_found', 'No such participant.');
  return actor as Actor & { activeMunicipalityId: string };
}

/**
 * Runs `work` in one transaction of the actor's tenant, after the access check on the participant. The facts
 * are read in the same transaction as the work, so the decision holds for what the work sees.
 */
export async function withAuthorizedParticipant<T>(
  db: Kysely<Database>,
  actorOrNull: Actor | null,
  action: Action,
  participantId: string,
  meta: RequestMeta,
  work: (trx: Transaction<Database>, facts: ParticipantAccessRow, actor: Actor) => Promise<T>,
): Promise<T> {
  const actor = requireActor(actorOrNull);
  const scope = { municipalityId: actor.activeMunicipalityId, userId: actor.userId };
  try {
    return await withTenant(db, scope, async (trx) => {
      const facts = await participantAccessFacts(trx, participantId);
      if (!facts) throw new AppError('not_found', 'No such participant.');
      const decision = authorize(actor, action, participantTarget({ ...facts, enrolledWithOrganisationIds: [] }));
      if (!decision.allowed) throw new Denied(decision.reason);
      return work(trx, facts, actor);
    });
  } catch (error) {
    if (!(error instanceof Denied)) throw error;
    await withTenant(db, scope, (trx) =>
      appendAudit(trx, {
        municipalityId: actor.activeMunicipalityId,
        actor: auditActorOf(actor),
        action,
        resourceType: 'participant',
        resourceId: participantId,
        participantId,
        outcome: 'denied',
        request: meta,
        details: { reason: error.reason },
      }),
    );
    throw new AppError('forbidden', 'You may not do this with this participant.');
  }
}
