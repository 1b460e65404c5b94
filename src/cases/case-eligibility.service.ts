// Eligibility of cases: evaluated at intake (on the opening day), when the case's strands or exception change,
// when what it depends on changes in the participant's record (the participants area calls
// `onEligibilityInputsChanged` inside its transaction), and every night for all open cases of a municipality.
// The decision of a case is the weakest over its strands; a loss of eligibility is flagged on the case.
import type { Actor } from '../access/access.rules.ts';
import {
  evaluateEligibility,
  type EligibilityDecision,
  type EligibilityPerson,
  type EligibilityReason,
} from '../participants/eligibility.rules.ts';
import type { Strand } from '../participants/participant.codes.ts';
import { eligibilityPersonOf, eligibilityPolicyOf } from '../participants/participant.service.ts';
import type { EligibilityPolicy } from '../participants/programme-policy.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import type { EligibilityOutcome } from './case.codes.ts';
import { auditCase, caseContext, today, type CaseContext, type CaseServiceOptions, type Trx } from './case.context.ts';
import {
  lockOpenCasesOfParticipant,
  lockParticipantShared,
  listMunicipalityIds,
  participantsWithOpenCases,
  storeEligibility,
  type CaseRow,
} from './case.repository.ts';
import { eligibilityLostAt, weakestDecision } from './case.rules.ts';
import { caseProgrammes, type EligibilityReason as CaseEligibilityReason } from './case.schema.ts';

export interface CaseEligibilityResult {
  decision: EligibilityOutcome;
  /** Every reason of every strand's decision, met ones included (evidence of the check). */
  reasons: CaseEligibilityReason[];
  decisions: EligibilityDecision[];
}

/** The effective policy of a programme in the municipality; null when the programme has no eligibility rules. */
export async function policyFor(
  trx: Trx,
  municipalityId: string,
  programme: string,
): Promise<EligibilityPolicy | null> {
  if (!(caseProgrammes as readonly string[]).includes(programme)) return null;
  return eligibilityPolicyOf(trx, municipalityId, programme);
}

export function evaluateStrands(input: {
  person: EligibilityPerson;
  policy: EligibilityPolicy;
  strands: readonly Strand[];
  on: string;
  exceptionJustification: string | null;
}): CaseEligibilityResult {
  const exception = input.exceptionJustification ? { justification: input.exceptionJustification } : null;
  const decisions = input.strands.map((strand) =>
    evaluateEligibility({ person: input.person, policy: input.policy, strand, on: input.on, exception }),
  );
  return {
    decision: weakestDecision(decisions.map((d) => d.outcome)),
    reasons: decisions.flatMap((d) => d.reasons.map((reason) => ({ strand: d.strand, ...reason }))),
    decisions,
  };
}

const messages: Record<string, (params: EligibilityReason['params']) => string> = {
  'age.too_young': (p) => `younger than ${p.minAge} on that day (as a rule ${p.minAge}–${p.maxAge})`,
  'age.too_old': (p) => `older than ${p.maxAge} on that day (as a rule ${p.minAge}–${p.maxAge})`,
  'residence_status.none': () => 'no residence status is recorded for that day',
  'residence_status.not_admitted': (p) => `the residence status ${p.status} is not admitted to the programme`,
  'state_reception_facility.resident': () => 'lives in a state reception facility (Landeseinrichtung)',
  'offender.excluded': () => 'classed as a dangerous or serious offender',
  'work_ban.banned': (p) => `a legal work ban excludes ${p.strand}`,
  'evaluation_date.invalid': () => 'the day of the decision is not a valid date',
};

/** The 422 answer for a person who is not eligible: every failing reason per strand, and how to proceed. */
export function notEligibleError(result: CaseEligibilityResult, justificationGiven: boolean): AppError {
  const failing = result.reasons.filter((reason) => reason.effect === 'not_met');
  const fieldErrors: FieldError[] = failing.map((reason) => ({
    in: 'body',
    field: `strands.${reason.strand}`,
    code: `eligibility.${reason.code}`,
    message: `${reason.strand}: ${messages[reason.code]?.(reason.params) ?? reason.code}`,
  }));
  const onlyAge = failing.length > 0 && failing.every((reason) => reason.rule === 'age');
  if (onlyAge && !justificationGiven) {
    fieldErrors.push({
      in: 'body',
      field: 'exceptionJustification',
      code: 'required_for_exception',
      message: 'only the age rule fails: document a justified exception to admit the person',
    });
  }
  return new AppError('unprocessable', 'The person is not eligible for this programme and strand.', { fieldErrors });
}

/** The eligibility of a case with these strands, on a day; null when the programme has no eligibility rules. */
export async function evaluateForCase(
  ctx: CaseContext,
  trx: Trx,
  input: { municipalityId: string; participantId: string; programme: string; strands: readonly Strand[] },
  on: string,
  exceptionJustification: string | null,
): Promise<CaseEligibilityResult | null> {
  const policy = await policyFor(trx, input.municipalityId, input.programme);
  if (!policy) return null;
  const person = await eligibilityPersonOf(trx, input.municipalityId, input.participantId);
  if (!person) throw new AppError('not_found', 'No such participant.');
  return evaluateStrands({ person, policy, strands: input.strands, on, exceptionJustification });
}

export interface ReevaluationSummary {
  evaluated: number;
  changed: number;
  lost: number;
  regained: number;
}

/** JSON with object keys sorted, so that a value read back from jsonb (which reorders keys) compares equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function sameReasons(row: CaseRow, reasons: readonly unknown[]): boolean {
  return canonicalJson(row.eligibility_reasons ?? []) === canonicalJson(reasons);
}

/**
 * Re-evaluates the open cases of one participant on today's date and stores the decisions; a change is
 * audited (actor null: the system). Runs inside the caller's tenant transaction; locks the cases.
 */
async function reevaluateParticipant(
  ctx: CaseContext,
  trx: Trx,
  municipalityId: string,
  actor: Actor | null,
  participantId: string,
  summary: ReevaluationSummary,
): Promise<void> {
  // The participant first, then its cases: the order every writer of cases follows (see loadCase).
  await lockParticipantShared(trx, participantId);
  const cases = await lockOpenCasesOfParticipant(trx, participantId);
  if (cases.length === 0) return;
  const person = await eligibilityPersonOf(trx, municipalityId, participantId);
  if (!person) return;
  const now = ctx.now();
  const on = today(ctx);
  for (const row of cases) {
    const policy = await policyFor(trx, municipalityId, row.programme);
    if (!policy || row.strands.length === 0) continue;
    const result = evaluateStrands({
      person,
      policy,
      strands: row.strands as Strand[],
      on,
      exceptionJustification: row.exception_justification,
    });
    const reasons = JSON.stringify(result.reasons);
    const lostAt = eligibilityLostAt(
      { decision: row.eligibility_decision, lostAt: row.eligibility_lost_at },
      result.decision,
      now,
    );
    const changed =
      row.eligibility_decision !== result.decision ||
      !sameReasons(row, result.reasons) ||
      (row.eligibility_lost_at?.getTime() ?? null) !== (lostAt?.getTime() ?? null);
    summary.evaluated += 1;
    await storeEligibility(trx, row.id, { decision: result.decision, reasons, checkedAt: now, lostAt, changed });
    if (!changed) continue;
    summary.changed += 1;
    if (lostAt && !row.eligibility_lost_at) summary.lost += 1;
    if (!lostAt && row.eligibility_lost_at) summary.regained += 1;
    await auditCase(trx, municipalityId, actor, {
      action: 'update',
      caseId: row.id,
      participantId,
      changedFields: ['eligibility.decision', 'eligibility.reasons', 'eligibility.lostAt'],
      details: {
        trigger: actor ? 'participant_changed' : 'scheduled',
        from: row.eligibility_decision,
        to: result.decision,
        lost: lostAt !== null && row.eligibility_lost_at === null,
        regained: lostAt === null && row.eligibility_lost_at !== null,
      },
    });
  }
}

export function createCaseEligibilityService(options: CaseServiceOptions) {
  const ctx = caseContext(options);

  async function reevaluateMunicipality(municipalityId: string): Promise<ReevaluationSummary> {
    const summary: ReevaluationSummary = { evaluated: 0, changed: 0, lost: 0, regained: 0 };
    const participantIds = await withTenant(ctx.db, { municipalityId, userId: null }, (trx) =>
      participantsWithOpenCases(trx),
    );
    for (const participantId of participantIds) {
      await withTenant(ctx.db, { municipalityId, userId: null }, (trx) =>
        reevaluateParticipant(ctx, trx, municipalityId, null, participantId, summary),
      );
    }
    return summary;
  }

  return {
    /**
     * For the participants area: called inside its transaction (tenant set, participant locked) after a change
     * to what eligibility depends on. Re-evaluates the participant's open cases on today's date.
     */
    async onEligibilityInputsChanged(trx: Trx, actor: Actor, participantId: string): Promise<void> {
      const municipalityId = actor.activeMunicipalityId;
      if (municipalityId === null) throw new AppError('forbidden', 'Choose the municipality you work for first.');
      await reevaluateParticipant(ctx, trx, municipalityId, actor, participantId, {
        evaluated: 0,
        changed: 0,
        lost: 0,
        regained: 0,
      });
    },

    /**
     * For the nightly job: re-evaluates every open case of a municipality on today's date (ages change with
     * time, statuses expire). One transaction per participant, so that a long run holds no lock for long and a
     * failure stops at one person. Audited as the system.
     */
    reevaluateMunicipality,

    /** For the nightly job: every municipality in turn (see reevaluateMunicipality). */
    async reevaluateAll(): Promise<ReevaluationSummary & { municipalities: number }> {
      const total = { evaluated: 0, changed: 0, lost: 0, regained: 0, municipalities: 0 };
      for (const municipalityId of await listMunicipalityIds(ctx.db)) {
        const summary = await reevaluateMunicipality(municipalityId);
        total.evaluated += summary.evaluated;
        total.changed += summary.changed;
        total.lost += summary.lost;
        total.regained += summary.regained;
        total.municipalities += 1;
      }
      return total;
    },
  };
}

export type CaseEligibilityService = ReturnType<typeof createCaseEligibilityService>;
