// The history of residence statuses (AufenthG / AsylG) of a participant: adding a status, correcting and
// deleting wrongly entered ones. The periods never overlap (residence-status.rules.ts); what the history
// gains or loses is audited with the names of the changed fields, and open cases are re-evaluated.
import type { Actor } from '../access/access.rules.ts';
import { legalParagraphOf } from './participant.codes.ts';
import {
  deleteSubRecord,
  findResidenceStatuses,
  insertResidenceStatus,
  updateResidenceStatus,
  type ResidenceStatusRow,
} from './participant-records.repository.ts';
import { subRecordChanger, subRecordNotFound } from './participant-records.service.ts';
import { changedFields } from './participant.rules.ts';
import type { ResidenceStatusCorrection, ResidenceStatusInput } from './participant.schema.ts';
import {
  assertValid,
  bodyErrors,
  type ParticipantContext,
  type RequestMeta,
  type Trx,
} from './participants.context.ts';
import { periodProblems, planStatusAddition, planStatusDeletion, type StatusPeriod } from './residence-status.rules.ts';

/** The columns of a residence status as entered; the legal paragraph defaults to the status's paragraph. */
export function residenceStatusValues(input: ResidenceStatusInput) {
  return {
    status: input.status,
    legal_paragraph: input.legalParagraph ?? (legalParagraphOf[input.status] || null),
    valid_from: input.validFrom,
    valid_to: input.validTo ?? null,
    document_expiry: input.documentExpiry ?? null,
    notes: input.notes ?? null,
  };
}

function periodOf(row: ResidenceStatusRow): StatusPeriod {
  return { id: row.id, validFrom: row.valid_from, validTo: row.valid_to };
}

export function createResidenceStatusService(ctx: ParticipantContext) {
  const change = subRecordChanger(ctx);

  async function currentStatus(trx: Trx, participantId: string, statusId: string) {
    const statuses = await findResidenceStatuses(trx, participantId);
    const current = statuses.find((status) => status.id === statusId);
    if (!current) throw subRecordNotFound('residenceStatus');
    return { statuses, current };
  }

  return {
    /** Adds a status to the history; the open-ended one before it ends the day before the new one starts. */
    async addResidenceStatus(
      actor: Actor | null,
      participantId: string,
      expectedVersion: number,
      input: ResidenceStatusInput,
      meta: RequestMeta,
    ) {
      return change(
        actor,
        participantId,
        expectedVersion,
        meta,
        'residenceStatus',
        'create',
        async (trx, who, municipalityId) => {
          const existing = (await findResidenceStatuses(trx, participantId)).map(periodOf);
          const plan = planStatusAddition(existing, { validFrom: input.validFrom, validTo: input.validTo ?? null });
          assertValid(bodyErrors(plan.problems), 'The residence status does not fit into the history.');
          for (const closed of plan.close) {
            await updateResidenceStatus(trx, participantId, closed.id, { valid_to: closed.validTo });
          }
          const row = await insertResidenceStatus(trx, {
            municipality_id: municipalityId,
            participant_id: participantId,
            ...residenceStatusValues(input),
            valid_to: plan.validTo,
            created_by: who.userId,
          });
          return {
            recordId: row.id,
            fields: [...new Set([...Object.keys(input), ...(plan.close.length > 0 ? ['validTo'] : [])])].sort(),
          };
        },
      );
    },

    /** Corrects a wrongly entered status; the corrected history must not overlap. */
    async correctResidenceStatus(
      actor: Actor | null,
      participantId: string,
      statusId: string,
      expectedVersion: number,
      input: ResidenceStatusCorrection,
      meta: RequestMeta,
    ) {
      return change(actor, participantId, expectedVersion, meta, 'residenceStatus', 'update', async (trx) => {
        const { statuses, current } = await currentStatus(trx, participantId, statusId);
        const status = input.status ?? current.status;
        // A paragraph that was only the default of the old status follows the corrected status.
        const followsStatus =
          input.legalParagraph === undefined && current.legal_paragraph === (legalParagraphOf[current.status] || null);
        const corrected = {
          status,
          legal_paragraph:
            input.legalParagraph !== undefined
              ? input.legalParagraph
              : followsStatus
                ? legalParagraphOf[status] || null
                : current.legal_paragraph,
          valid_from: input.validFrom ?? current.valid_from,
          valid_to: input.validTo === undefined ? current.valid_to : input.validTo,
          document_expiry: input.documentExpiry === undefined ? current.document_expiry : input.documentExpiry,
          notes: input.notes === undefined ? current.notes : input.notes,
        };
        const problems = periodProblems(
          { id: statusId, validFrom: corrected.valid_from, validTo: corrected.valid_to },
          statuses.map(periodOf),
        );
        assertValid(bodyErrors(problems), 'The corrected status does not fit into the history.');
        const fields = changedFields(
          {
            status: current.status,
            legalParagraph: current.legal_paragraph,
            validFrom: current.valid_from,
            validTo: current.valid_to,
            documentExpiry: current.document_expiry,
            notes: current.notes,
          },
          {
            status: corrected.status,
            legalParagraph: corrected.legal_paragraph,
            validFrom: corrected.valid_from,
            validTo: corrected.valid_to,
            documentExpiry: corrected.document_expiry,
            notes: corrected.notes,
          },
        );
        await updateResidenceStatus(trx, participantId, statusId, corrected);
        return { recordId: statusId, fields };
      });
    },

    /** Deletes a wrongly entered status; if it was the latest, the status it had ended is open-ended again. */
    async deleteResidenceStatus(
      actor: Actor | null,
      participantId: string,
      statusId: string,
      expectedVersion: number,
      meta: RequestMeta,
    ) {
      return change(actor, participantId, expectedVersion, meta, 'residenceStatus', 'delete', async (trx) => {
        const { statuses } = await currentStatus(trx, participantId, statusId);
        const reopen = planStatusDeletion(statuses.map(periodOf), statusId);
        await deleteSubRecord(trx, 'residenceStatus', participantId, statusId);
        for (const reopened of reopen) {
          await updateResidenceStatus(trx, participantId, reopened.id, { valid_to: reopened.validTo });
        }
        return { recordId: statusId, fields: ['id', ...(reopen.length > 0 ? ['validTo'] : [])] };
      });
    },
  };
}
