// Blocking (Sperrung, restriction of processing under Art. 18 GDPR): the record is kept and stays readable,
// but nothing about the person may change until the block is lifted: not the record, its sub-records, nor
// (through assertWritable) the person's cases.
import type { Actor } from '../access/access.rules.ts';
import { AppError } from '../platform/errors.ts';
import { findParticipant, updateParticipantRow } from './participant.repository.ts';
import type { Participant } from './participant.schema.ts';
import {
  actingIn,
  assertRowWritable,
  assertVersion,
  auditParticipant,
  inTenant,
  loadParticipant,
  readParticipant,
  type ParticipantContext,
  type RequestMeta,
  type Trx,
} from './participants.context.ts';

/**
 * For writes of other areas about a participant (cases): refuses with 404 when the participant is not in
 * the actor's tenant, 409 when it is blocked (Art. 18 GDPR) or merged into another record. Holds a share
 * lock on the participant until the transaction ends, so that it cannot be blocked in the middle of the write.
 */
export async function assertWritable(trx: Trx, actor: Actor, participantId: string): Promise<void> {
  const row = await findParticipant(trx, participantId, 'share');
  if (row?.municipality_id !== actor.activeMunicipalityId) {
    throw new AppError('not_found', 'No such participant.');
  }
  if (row.merged_into_id !== null) {
    throw new AppError('conflict', 'The participant was merged into another record; work with that one.');
  }
  if (row.blocked_at !== null) {
    throw new AppError(
      'conflict',
      'The participant is blocked (restriction of processing, Art. 18 GDPR): their data cannot be changed until unblocked.',
    );
  }
}

export function createBlockingService(ctx: ParticipantContext) {
  return {
    /** Blocks processing (Art. 18 GDPR): the record stays readable, every change is refused until unblocked. */
    async block(
      actorOrNull: Actor | null,
      id: string,
      expectedVersion: number,
      reason: string,
      meta: RequestMeta,
    ): Promise<Participant> {
      const { actor } = actingIn(actorOrNull);
      return inTenant(ctx, actor, async (trx) => {
        const { row } = await loadParticipant(ctx, trx, actor, id, 'update', meta, 'update');
        if (row.blocked_at !== null) throw new AppError('conflict', 'The participant is blocked already.');
        assertRowWritable(row);
        assertVersion(row, expectedVersion);
        await updateParticipantRow(
          trx,
          id,
          expectedVersion,
          { blocked_at: ctx.now(), blocked_reason: reason },
          ctx.now(),
        );
        const participant = await readParticipant(ctx, trx, id);
        await auditParticipant(trx, actor, {
          action: 'update',
          participantId: id,
          changedFields: ['blockedAt', 'blockedReason'],
          details: { operation: 'block' },
          meta,
        });
        return participant;
      });
    },

    async unblock(actorOrNull: Actor | null, id: string, expectedVersion: number, meta: RequestMeta) {
      const { actor } = actingIn(actorOrNull);
      return inTenant(ctx, actor, async (trx) => {
        const { row } = await loadParticipant(ctx, trx, actor, id, 'update', meta, 'update');
        if (row.blocked_at === null) throw new AppError('conflict', 'The participant is not blocked.');
        assertVersion(row, expectedVersion);
        await updateParticipantRow(trx, id, expectedVersion, { blocked_at: null, blocked_reason: null }, ctx.now());
        const participant = await readParticipant(ctx, trx, id);
        await auditParticipant(trx, actor, {
          action: 'update',
          participantId: id,
          changedFields: ['blockedAt', 'blockedReason'],
          details: { operation: 'unblock' },
          meta,
        });
        return participant;
      });
    },
  };
}
