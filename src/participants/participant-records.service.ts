// What is recorded about a participant besides the record itself: languages (CEFR), schooling and consents
// (residence statuses: participant-status.service.ts). Each change is a change of the participant: it needs the
// participant's current version (If-Match), refuses blocked and merged records, counts the version up and is
// audited with the names of the changed fields. History is corrected explicitly, never lost silently.
import type { Actor } from '../access/access.rules.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import {
  deleteSubRecord,
  findSubRecords,
  insertConsent,
  insertLanguage,
  insertSchooling,
  participantHasDocument,
  revokeConsent,
  updateLanguage,
  updateSchooling,
  type SubRecordKind,
} from './participant-records.repository.ts';
import { updateParticipantRow } from './participant.repository.ts';
import { changedFields, notInFuture, type RuleProblem } from './participant.rules.ts';
import type {
  ConsentInput,
  ConsentRevocation,
  LanguageCorrection,
  LanguageInput,
  Participant,
  ResidenceStatusInput,
  SchoolingCorrection,
  SchoolingInput,
} from './participant.schema.ts';
import {
  actingIn,
  assertValid,
  auditParticipant,
  bodyErrors,
  inTenant,
  loadForWrite,
  localDay,
  readParticipant,
  type ParticipantContext,
  type RequestMeta,
  type Trx,
} from './participants.context.ts';
import { planHistory } from './residence-status.rules.ts';

function languageProblems(input: Partial<LanguageInput>, today: string): RuleProblem[] {
  return notInFuture('evidenceDate', input.evidenceDate, today);
}

function consentProblems(input: ConsentInput, today: string): RuleProblem[] {
  return notInFuture('givenOn', input.givenOn, today);
}

/** Problems of the sub-records entered with a new participant, with their position (e.g. "consents.0.givenOn"). */
export function subRecordProblems(
  input: {
    residenceStatuses?: readonly ResidenceStatusInput[] | undefined;
    languages?: readonly LanguageInput[] | undefined;
    consents?: readonly ConsentInput[] | undefined;
  },
  today: string,
): FieldError[] {
  const problems: FieldError[] = [];
  const history = planHistory(
    (input.residenceStatuses ?? []).map((status) => ({ validFrom: status.validFrom, validTo: status.validTo ?? null })),
  );
  for (const { index, problem } of history.problems) {
    problems.push(...bodyErrors([problem], `residenceStatuses.${index}`));
  }
  for (const [index, language] of (input.languages ?? []).entries()) {
    problems.push(...bodyErrors(languageProblems(language, today), `languages.${index}`));
  }
  for (const [index, consent] of (input.consents ?? []).entries()) {
    problems.push(...bodyErrors(consentProblems(consent, today), `consents.${index}`));
    if (consent.documentId) {
      problems.push({
        in: 'body',
        field: `consents.${index}.documentId`,
        code: 'not_found',
        message: 'a new participant has no documents yet: attach the signed form to the case, then refer to it',
      });
    }
  }
  return problems;
}

const recordNames: Record<SubRecordKind, string> = {
  residenceStatus: 'residenceStatuses',
  language: 'languages',
  schooling: 'schooling',
  consent: 'consents',
};

/**
 * One change of a sub-record: the participant locked and checked (allowed, writable, current version), the
 * change, the version counted up, the eligibility hook when statuses changed, and the audit entry.
 */
export function subRecordChanger(ctx: ParticipantContext) {
  return async function change(
    actorOrNull: Actor | null,
    participantId: string,
    expectedVersion: number,
    meta: RequestMeta,
    kind: SubRecordKind,
    operation: 'create' | 'update' | 'delete',
    work: (trx: Trx, actor: Actor, municipalityId: string) => Promise<{ recordId: string; fields: string[] }>,
  ): Promise<Participant> {
    const { actor } = actingIn(actorOrNull);
    return inTenant(ctx, actor, async (trx) => {
      const { row } = await loadForWrite(ctx, trx, actor, participantId, expectedVersion, meta);
      const { recordId, fields } = await work(trx, actor, row.municipality_id);
      await updateParticipantRow(trx, participantId, expectedVersion, {}, ctx.now());
      if (kind === 'residenceStatus') await ctx.onEligibilityInputsChanged(trx, actor, participantId);
      const participant = await readParticipant(ctx, trx, participantId);
      await auditParticipant(trx, actor, {
        action: operation,
        participantId,
        changedFields: fields.map((field) => `${recordNames[kind]}.${field}`),
        details: { record: kind, recordId },
        meta,
      });
      return participant;
    });
  };
}

export function subRecordNotFound(kind: SubRecordKind): AppError {
  return new AppError(
    'not_found',
    `The participant has no such ${kind === 'residenceStatus' ? 'residence status' : kind}.`,
  );
}

export function createRecordService(ctx: ParticipantContext) {
  const change = subRecordChanger(ctx);
  const notFound = subRecordNotFound;

  async function documentProblems(trx: Trx, participantId: string, documentId: string | null | undefined) {
    if (!documentId || (await participantHasDocument(trx, participantId, documentId))) return [];
    return [
      {
        in: 'body' as const,
        field: 'documentId',
        code: 'not_found',
        message: 'no document of this participant’s cases has this id',
      },
    ];
  }

  return {
    async addLanguage(
      actor: Actor | null,
      participantId: string,
      expectedVersion: number,
      input: LanguageInput,
      meta: RequestMeta,
    ) {
      const today = localDay(ctx.now());
      assertValid(bodyErrors(languageProblems(input, today)), 'The language is not valid.');
      return change(
        actor,
        participantId,
        expectedVersion,
        meta,
        'language',
        'create',
        async (trx, who, municipalityId) => {
          const row = await insertLanguage(trx, {
            municipality_id: municipalityId,
            participant_id: participantId,
            language: input.language,
            level: input.level,
            evidence_date: input.evidenceDate ?? null,
            evidence: input.evidence ?? null,
          });
          return { recordId: row.id, fields: Object.keys(input).sort() };
        },
      );
    },

    async correctLanguage(
      actor: Actor | null,
      participantId: string,
      languageId: string,
      expectedVersion: number,
      input: LanguageCorrection,
      meta: RequestMeta,
    ) {
      const today = localDay(ctx.now());
      assertValid(bodyErrors(languageProblems(input, today)), 'The language is not valid.');
      return change(actor, participantId, expectedVersion, meta, 'language', 'update', async (trx) => {
        const current = (await findSubRecords(trx, participantId)).languages.find((row) => row.id === languageId);
        if (!current) throw notFound('language');
        const fields = changedFields(
          {
            language: current.language,
            level: current.level,
            evidenceDate: current.evidence_date,
            evidence: current.evidence,
          },
          input,
        );
        await updateLanguage(trx, participantId, languageId, {
          ...(input.language !== undefined ? { language: input.language } : {}),
          ...(input.level !== undefined ? { level: input.level } : {}),
          ...(input.evidenceDate !== undefined ? { evidence_date: input.evidenceDate } : {}),
          ...(input.evidence !== undefined ? { evidence: input.evidence } : {}),
        });
        return { recordId: languageId, fields };
      });
    },

    async addSchooling(
      actor: Actor | null,
      participantId: string,
      expectedVersion: number,
      input: SchoolingInput,
      meta: RequestMeta,
    ) {
      return change(
        actor,
        participantId,
        expectedVersion,
        meta,
        'schooling',
        'create',
        async (trx, who, municipalityId) => {
          const row = await insertSchooling(trx, {
            municipality_id: municipalityId,
            participant_id: participantId,
            country: input.country ?? null,
            years: input.years ?? null,
            qualification: input.qualification,
            recognised: input.recognised ?? false,
            notes: input.notes ?? null,
          });
          return { recordId: row.id, fields: Object.keys(input).sort() };
        },
      );
    },

    async correctSchooling(
      actor: Actor | null,
      participantId: string,
      schoolingId: string,
      expectedVersion: number,
      input: SchoolingCorrection,
      meta: RequestMeta,
    ) {
      return change(actor, participantId, expectedVersion, meta, 'schooling', 'update', async (trx) => {
        const current = (await findSubRecords(trx, participantId)).schooling.find((row) => row.id === schoolingId);
        if (!current) throw notFound('schooling');
        const fields = changedFields(
          {
            country: current.country,
            years: current.years,
            qualification: current.qualification,
            recognised: current.recognised,
            notes: current.notes,
          },
          input,
        );
        await updateSchooling(trx, participantId, schoolingId, {
          ...(input.country !== undefined ? { country: input.country } : {}),
          ...(input.years !== undefined ? { years: input.years } : {}),
          ...(input.qualification !== undefined ? { qualification: input.qualification } : {}),
          ...(input.recognised !== undefined ? { recognised: input.recognised } : {}),
          ...(input.notes !== undefined ? { notes: input.notes } : {}),
        });
        return { recordId: schoolingId, fields };
      });
    },

    /** Deletes a wrongly entered language or schooling entry (consents are revoked, not deleted). */
    async deleteRecord(
      actor: Actor | null,
      kind: 'language' | 'schooling',
      participantId: string,
      recordId: string,
      expectedVersion: number,
      meta: RequestMeta,
    ) {
      return change(actor, participantId, expectedVersion, meta, kind, 'delete', async (trx) => {
        if (!(await deleteSubRecord(trx, kind, participantId, recordId))) throw notFound(kind);
        return { recordId, fields: ['id'] };
      });
    },

    async giveConsent(
      actor: Actor | null,
      participantId: string,
      expectedVersion: number,
      input: ConsentInput,
      meta: RequestMeta,
    ) {
      const today = localDay(ctx.now());
      return change(
        actor,
        participantId,
        expectedVersion,
        meta,
        'consent',
        'create',
        async (trx, who, municipalityId) => {
          assertValid(
            [
              ...bodyErrors(consentProblems(input, today)),
              ...(await documentProblems(trx, participantId, input.documentId)),
            ],
            'The consent is not valid.',
          );
          const row = await insertConsent(trx, {
            municipality_id: municipalityId,
            participant_id: participantId,
            purpose: input.purpose,
            scope: input.scope,
            given_on: input.givenOn,
            revoked_on: null,
            document_id: input.documentId ?? null,
            created_by: who.userId,
          });
          return { recordId: row.id, fields: Object.keys(input).sort() };
        },
      );
    },

    /** Records the revocation of a consent with its date; the consent itself stays as evidence. */
    async revokeConsent(
      actor: Actor | null,
      participantId: string,
      consentId: string,
      expectedVersion: number,
      input: ConsentRevocation,
      meta: RequestMeta,
    ) {
      const today = localDay(ctx.now());
      return change(actor, participantId, expectedVersion, meta, 'consent', 'update', async (trx) => {
        const consent = (await findSubRecords(trx, participantId)).consents.find((row) => row.id === consentId);
        if (!consent) throw notFound('consent');
        if (consent.revoked_on !== null) {
          throw new AppError('conflict', `The consent was revoked already (on ${consent.revoked_on}).`);
        }
        const problems = notInFuture('revokedOn', input.revokedOn, today);
        if (input.revokedOn < consent.given_on) {
          problems.push({ field: 'revokedOn', code: 'before_consent', message: 'not before the consent was given' });
        }
        assertValid(bodyErrors(problems), 'The revocation is not valid.');
        await revokeConsent(trx, participantId, consentId, input.revokedOn);
        return { recordId: consentId, fields: ['revokedOn'] };
      });
    },
  };
}
