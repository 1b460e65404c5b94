// Eligibility of a participant for a strand on a day, under the municipality's policy (the programme's
// defaults with the municipality's override), and the administration of that override.
import type { Kysely } from 'kysely';
import { authorize, type Actor } from '../access/access.rules.ts';
import { appendAudit, auditActorOf } from '../audit/audit.service.ts';
import type { Database } from '../database.ts';
import { AppError } from '../platform/errors.ts';
import { evaluateEligibility, type EligibilityPerson } from './eligibility.rules.ts';
import {
  findMunicipalityPolicy,
  findResidenceStatuses,
  saveEligibilityOverride,
  type ResidenceStatusRow,
} from './participant-records.repository.ts';
import { findParticipant, type ParticipantRow } from './participant.repository.ts';
import type {
  EligibilityDecisionResponse,
  EligibilityQuery,
  MunicipalityEligibilityPolicy,
  SetEligibilityPolicy,
} from './participant.schema.ts';
import {
  DIAA_DEFAULT_POLICY,
  municipalityEligibilityOverrideSchema,
  resolvePolicy,
  type EligibilityPolicy,
  type MunicipalityEligibilityOverride,
} from './programme-policy.ts';
import {
  actingIn,
  assertVersion,
  auditParticipantRead,
  inTenant,
  loadParticipant,
  localDay,
  type ParticipantContext,
  type RequestMeta,
} from './participants.context.ts';

/** The defaults of each programme the system knows. */
const PROGRAMME_DEFAULTS: Record<string, EligibilityPolicy> = { diaa: DIAA_DEFAULT_POLICY };

/** The stored override, checked again on reading: stored JSON is data, not trusted code. */
function storedOverride(value: unknown): MunicipalityEligibilityOverride | null {
  if (value === null || value === undefined) return null;
  const parsed = municipalityEligibilityOverrideSchema.safeParse(value);
  if (!parsed.success) throw new Error('municipality_policy.eligibility does not match its schema');
  return parsed.data;
}

/** The effective policy of the tenant of the transaction (see resolvePolicy). */
export async function eligibilityPolicyOf(
  trx: Kysely<Database>,
  municipalityId: string,
  programme = 'diaa',
): Promise<EligibilityPolicy> {
  const defaults = PROGRAMME_DEFAULTS[programme];
  if (!defaults) throw new AppError('not_found', `Unknown programme ${programme}.`);
  const row = await findMunicipalityPolicy(trx, municipalityId);
  return resolvePolicy(defaults, storedOverride(row?.eligibility));
}

function personOf(row: ParticipantRow, statuses: readonly ResidenceStatusRow[]): EligibilityPerson {
  return {
    birthDate: row.birth_date,
    birthDatePrecision: row.birth_date_precision,
    residenceStatuses: statuses.map((s) => ({ status: s.status, validFrom: s.valid_from, validTo: s.valid_to })),
    accommodation: row.accommodation,
    workPermission: row.work_permission,
    excludedOffender: row.excluded_offender,
  };
}

/**
 * What eligibility depends on for one participant, read in the given tenant transaction (for the cases area,
 * which re-evaluates open cases); undefined when the municipality has no such participant.
 */
export async function eligibilityPersonOf(
  trx: Kysely<Database>,
  municipalityId: string,
  participantId: string,
): Promise<EligibilityPerson | undefined> {
  const row = await findParticipant(trx, participantId);
  if (row?.municipality_id !== municipalityId) return undefined;
  return personOf(row, await findResidenceStatuses(trx, participantId));
}

export function createEligibilityService(ctx: ParticipantContext) {
  async function allowPolicy(actor: Actor, action: 'read' | 'update', municipalityId: string, meta: RequestMeta) {
    const decision = authorize(actor, action, { resource: 'policy', municipalityId });
    if (decision.allowed) return;
    await inTenant(ctx, actor, (trx) =>
      appendAudit(trx, {
        municipalityId,
        actor: auditActorOf(actor),
        action,
        resourceType: 'policy',
        resourceId: municipalityId,
        outcome: 'denied',
        request: meta,
        details: { reason: decision.reason, policy: 'eligibility' },
      }),
    );
    throw new AppError('forbidden', 'You may not do this.');
  }

  async function readPolicy(trx: Kysely<Database>, municipalityId: string): Promise<MunicipalityEligibilityPolicy> {
    const row = await findMunicipalityPolicy(trx, municipalityId);
    const override = storedOverride(row?.eligibility);
    return {
      municipalityId,
      override,
      defaults: { ...DIAA_DEFAULT_POLICY, admittedStatuses: [...DIAA_DEFAULT_POLICY.admittedStatuses] },
      effective: (({ admittedStatuses, ...rest }) => ({ ...rest, admittedStatuses: [...admittedStatuses] }))(
        resolvePolicy(DIAA_DEFAULT_POLICY, override),
      ),
      // Without a row the defaults apply; they count as version 1, so that the first change names it.
      version: row?.version ?? 1,
    };
  }

  return {
    /** The decision for one participant, strand and day, with every reason (audited as a read). */
    async eligibility(
      actorOrNull: Actor | null,
      participantId: string,
      query: EligibilityQuery,
      meta: RequestMeta,
    ): Promise<EligibilityDecisionResponse> {
      const { actor, municipalityId } = actingIn(actorOrNull);
      const on = query.on ?? localDay(ctx.now());
      const decision = await inTenant(ctx, actor, async (trx) => {
        const { row } = await loadParticipant(ctx, trx, actor, participantId, 'read', meta);
        const person = personOf(row, await findResidenceStatuses(trx, participantId));
        const policy = await eligibilityPolicyOf(trx, municipalityId, query.programme);
        return evaluateEligibility({ person, policy, strand: query.strand, on });
      });
      await auditParticipantRead(ctx, actor, {
        action: 'read',
        participantId,
        details: { operation: 'eligibility', strand: query.strand, programme: query.programme },
        meta,
      });
      return { participantId, ...decision };
    },

    async getEligibilityPolicy(actorOrNull: Actor | null, meta: RequestMeta): Promise<MunicipalityEligibilityPolicy> {
      const { actor, municipalityId } = actingIn(actorOrNull);
      await allowPolicy(actor, 'read', municipalityId, meta);
      return inTenant(ctx, actor, (trx) => readPolicy(trx, municipalityId));
    },

    /** Replaces the municipality's override (null = back to the defaults). */
    async setEligibilityPolicy(
      actorOrNull: Actor | null,
      expectedVersion: number,
      input: SetEligibilityPolicy,
      meta: RequestMeta,
    ): Promise<MunicipalityEligibilityPolicy> {
      const { actor, municipalityId } = actingIn(actorOrNull);
      await allowPolicy(actor, 'update', municipalityId, meta);
      return inTenant(ctx, actor, async (trx) => {
        const saved = await saveEligibilityOverride(trx, municipalityId, expectedVersion, input.override, ctx.now());
        if (!saved) assertVersion({ version: -1 }, expectedVersion, 'policy');
        const policy = await readPolicy(trx, municipalityId);
        await appendAudit(trx, {
          municipalityId,
          actor: auditActorOf(actor),
          action: 'update',
          resourceType: 'policy',
          resourceId: municipalityId,
          changedFields:
            input.override === null ? ['eligibility'] : Object.keys(input.override).map((k) => `eligibility.${k}`),
          outcome: 'success',
          request: meta,
          details: { policy: 'eligibility' },
        });
        return policy;
      });
    },
  };
}
