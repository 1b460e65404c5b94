// Proof of use (Verwendungsnachweis): a provider proves the use of the funds forwarded to it and submits to the
// municipality, which checks (accept / return with reason) and attaches the accepted proofs to its own; the
// municipality proves the use of its grant to the approving authority (interim statements per budget year, the
// final proof after the period). The audit and the recovery claims are in recovery.service.ts.
// Every use case: authorize → transaction in the proof's municipality → audit entry in that municipality's chain.
import { authorize, type Actor } from '../access/access.rules.ts';
import { offerStrands } from '../offers/offer.codes.ts';
import { AppError } from '../platform/errors.ts';
import { parseSort, readCursor, toPage } from '../platform/http/listing.ts';
import {
  assertVersion,
  auditDenial,
  auditFunding,
  authorizeFunding,
  fundingContext,
  inFunding,
  problemsError,
  reachesAllMunicipalities,
  signedIn,
  today,
  type FundingContext,
  type FundingServiceOptions,
  type RequestMeta,
  type Trx,
} from './funding.context.ts';
import { findGrant } from './payment.repository.ts';
import { EDITABLE, isAuthority, locate, mayCheck, mayWrite, proofTarget, type ProofOwner } from './proof-access.ts';
import { countFigures } from './proof-figures.repository.ts';
import { discloseFigures } from './proof-figures.rules.ts';
import {
  attachAcceptedProofs,
  changeProof,
  decisionFacts,
  findContract,
  findProof,
  insertProof,
  listProofs,
  municipalityProofFor,
  planLines,
  proofLines,
  proofSortValue,
  providerProofsFor,
  setLineActual,
  setRetention,
  type NewLine,
  type ProofRow,
} from './proof.repository.ts';
import { proofPeriod, retainUntil, submissionProblems } from './proof.rules.ts';
import type {
  CreateProof,
  ListProofsQuery,
  ProofPage,
  ProofView,
  ReturnProof,
  UpdateNarrative,
  UpdateStatement,
} from './proof.schema.ts';
import { narrativeOf, presentProof, presentSummary } from './proof-view.ts';
import { strandOf } from './programme.definition.ts';

export const PROOF_RESOURCE = 'proof_of_use';
/** Sections of the narrative report that must be written before submission. */
const REQUIRED_SECTIONS = ['summary', 'results'] as const;

export interface ProofService {
  create(actor: Actor | null, input: CreateProof, meta: RequestMeta): Promise<ProofView>;
  get(actor: Actor | null, proofId: string, meta: RequestMeta): Promise<ProofView>;
  list(actor: Actor | null, query: ListProofsQuery, meta: RequestMeta): Promise<ProofPage>;
  updateNarrative(
    actor: Actor | null,
    proofId: string,
    version: number,
    input: UpdateNarrative,
    meta: RequestMeta,
  ): Promise<ProofView>;
  updateStatement(
    actor: Actor | null,
    proofId: string,
    version: number,
    input: UpdateStatement,
    meta: RequestMeta,
  ): Promise<ProofView>;
  refreshFigures(actor: Actor | null, proofId: string, version: number, meta: RequestMeta): Promise<ProofView>;
  submit(actor: Actor | null, proofId: string, version: number, meta: RequestMeta): Promise<ProofView>;
  accept(actor: Actor | null, proofId: string, version: number, meta: RequestMeta): Promise<ProofView>;
  returnProof(
    actor: Actor | null,
    proofId: string,
    version: number,
    input: ReturnProof,
    meta: RequestMeta,
  ): Promise<ProofView>;
}

export const proofNotFound = () => new AppError('not_found', 'No such proof of use.');

/** Finds the proof where the actor may see it and authorises the action on it (404 when not visible). */
export async function locateProof(
  ctx: FundingContext,
  actor: Actor,
  action: 'read' | 'update' | 'create' | 'export',
  proofId: string,
  meta: RequestMeta,
): Promise<ProofOwner> {
  const owner = await locate(ctx, actor, action === 'export' ? 'read' : action, 'proof_of_use', proofId);
  if (!owner) throw proofNotFound();
  await authorizeFunding(
    ctx,
    actor,
    action,
    proofTarget(owner),
    { resourceType: PROOF_RESOURCE, resourceId: proofId, meta },
    'not_found',
  );
  return owner;
}

/** Refuses (403, audited) what the record-level rules do not allow. */
export async function refuseUnless(
  ctx: FundingContext,
  actor: Actor,
  allowed: boolean,
  denial: { action: string; owner: ProofOwner; proofId: string | null; reason: string; meta: RequestMeta },
): Promise<void> {
  if (allowed) return;
  await auditDenial(ctx, actor, denial.action, denial.owner.municipalityId, {
    resourceType: PROOF_RESOURCE,
    resourceId: denial.proofId,
    meta: denial.meta,
    reason: denial.reason,
  });
  throw new AppError('forbidden', 'You may not do this.');
}

export async function lockedProof(trx: Trx, proofId: string, version: number): Promise<ProofRow> {
  const row = await findProof(trx, proofId, { lock: true });
  if (!row) throw proofNotFound();
  assertVersion(row, version, 'proof of use');
  return row;
}

function assertEditable(row: ProofRow): void {
  if (!EDITABLE.includes(row.status)) {
    throw new AppError('conflict', `The proof of use is ${row.status}; it can no longer be changed.`);
  }
}

function inScope(year: number, row: { kind: string; budget_year: number | null }): boolean {
  return row.kind === 'final' || row.budget_year === year;
}

/** The statement lines of a new proof: the financing plan, or the decided (forwarded) amounts where it has none. */
async function statementLines(
  trx: Trx,
  target: { municipalityId: string; grantId: string; kind: string; budgetYear: number | null },
  contract: { reference: string; amounts: { strand: string; budgetYear: number; amountCents: number }[] } | null,
  definition: NonNullable<Awaited<ReturnType<typeof findGrant>>>['definition'],
): Promise<NewLine[]> {
  const scope = { kind: target.kind, budget_year: target.budgetYear };
  if (contract) {
    return contract.amounts
      .filter((amount) => inScope(amount.budgetYear, scope))
      .map((amount) => ({
        strand: amount.strand,
        budgetYear: amount.budgetYear,
        category: 'other',
        description: `Weitergeleitete Mittel (Vertrag ${contract.reference})`,
        plannedCents: amount.amountCents,
      }));
  }
  const decision = await decisionFacts(trx, target.municipalityId, target.grantId);
  const plan = await planLines(trx, target.municipalityId, decision.applicationId);
  const lines: NewLine[] = [];
  for (const amount of decision.amounts.filter((a) => inScope(a.budgetYear, scope))) {
    const planned = plan.filter((line) => line.strand === amount.strand && line.budgetYear === amount.budgetYear);
    if (planned.length > 0) {
      lines.push(...planned.map((line) => ({ ...line, plannedCents: line.amountCents })));
    } else {
      const strand = strandOf(definition, amount.strand);
      lines.push({
        strand: amount.strand,
        budgetYear: amount.budgetYear,
        category: strand?.financing === 'posts' ? 'personnel' : (strand?.costCategories[0] ?? 'other'),
        description: 'Zuwendungsfähige Ausgaben laut Bescheid',
        plannedCents: amount.eligibleCents ?? amount.amountCents,
      });
    }
  }
  return lines;
}

/** The figures of the period from the case data, small numbers suppressed. */
async function figuresFor(
  trx: Trx,
  proof: { municipalityId: string; providerId: string | null; from: string; to: string },
  strands: readonly string[],
) {
  const isOffer = (strand: string) => (offerStrands as readonly string[]).includes(strand);
  const unique = [...new Set(strands)];
  const raw = await countFigures(trx, {
    municipalityId: proof.municipalityId,
    from: proof.from,
    to: proof.to,
    offerStrands: unique.filter(isOffer),
    caseStrands: unique.filter((strand) => !isOffer(strand)),
    providerId: proof.providerId,
  });
  return discloseFigures(raw);
}

export function createProofService(options: FundingServiceOptions): ProofService {
  const ctx = fundingContext(options);

  async function view(trx: Trx, actor: Actor, proofId: string): Promise<ProofView> {
    const row = await findProof(trx, proofId);
    if (!row) throw proofNotFound();
    return presentProof(trx, actor, row);
  }

  /** A change of the proof's author (statement, narrative, figures) in its transaction. */
  async function authorChange(
    actorOrNull: Actor | null,
    proofId: string,
    version: number,
    meta: RequestMeta,
    action: string,
    work: (
      trx: Trx,
      row: ProofRow,
      actor: Actor,
    ) => Promise<{ changedFields: string[]; details?: Record<string, string | number | null> }>,
  ): Promise<ProofView> {
    const actor = signedIn(actorOrNull);
    const owner = await locateProof(ctx, actor, 'update', proofId, meta);
    await refuseUnless(ctx, actor, mayWrite(actor, owner), {
      action,
      owner,
      proofId,
      reason: 'only the author of a proof of use writes it',
      meta,
    });
    return inFunding(
      ctx,
      actor,
      { action: 'update', resource: 'proof_of_use', municipalityId: owner.municipalityId },
      async (trx) => {
        const row = await lockedProof(trx, proofId, version);
        if (action !== 'submit') assertEditable(row);
        const done = await work(trx, row, actor);
        await auditFunding(trx, actor, {
          municipalityId: owner.municipalityId,
          action,
          resourceType: PROOF_RESOURCE,
          resourceId: proofId,
          changedFields: done.changedFields,
          details: done.details ?? {},
          meta,
        });
        return view(trx, actor, proofId);
      },
    );
  }

  return {
    async create(actorOrNull, input, meta) {
      const actor = signedIn(actorOrNull);
      const located = input.contractId
        ? await locate(ctx, actor, 'create', 'forwarding_contract', input.contractId)
        : await locate(ctx, actor, 'create', 'funding_grant', input.grantId);
      const municipalityId = located?.municipalityId ?? actor.activeMunicipalityId ?? '';
      const owner: ProofOwner = {
        municipalityId,
        providerId: input.contractId ? (located?.providerId ?? actor.organisationId) : null,
      };
      const audit = { resourceType: PROOF_RESOURCE, resourceId: null, meta };
      await authorizeFunding(ctx, actor, 'create', proofTarget(owner), audit);
      if (!located) {
        throw new AppError('not_found', input.contractId ? 'No such forwarding contract.' : 'No such grant.');
      }
      await refuseUnless(ctx, actor, mayWrite(actor, owner), {
        action: 'create',
        owner,
        proofId: null,
        reason: 'only the provider of a contract proves its use; the municipality its own',
        meta,
      });
      return inFunding(ctx, actor, { action: 'create', resource: 'proof_of_use', municipalityId }, async (trx) => {
        const grant = await findGrant(trx, input.grantId);
        if (!grant || grant.municipalityId !== municipalityId) throw new AppError('not_found', 'No such grant.');
        const contract = input.contractId ? await findContract(trx, input.contractId) : undefined;
        if (input.contractId && (!contract || contract.grantId !== grant.id)) {
          throw new AppError('not_found', 'No such forwarding contract of this grant.');
        }
        if (grant.status === 'revoked') throw new AppError('conflict', 'The grant was revoked.');
        if (contract && !['concluded', 'ended'].includes(contract.status)) {
          throw new AppError('conflict', `The forwarding contract is ${contract.status}; nothing was forwarded yet.`);
        }
        const period = proofPeriod({
          kind: input.kind,
          budgetYear: input.budgetYear ?? null,
          period: contract
            ? { from: contract.periodFrom, to: contract.periodTo }
            : { from: grant.periodFrom, to: grant.periodTo },
          interimStatementDue: grant.definition.interimStatementDue,
          finalProofDueMonths: grant.definition.finalProofDueMonths,
        });
        const target = { municipalityId, grantId: grant.id, kind: input.kind, budgetYear: input.budgetYear ?? null };
        const lines = period ? await statementLines(trx, target, contract ?? null, grant.definition) : [];
        if (!period || lines.length === 0) {
          throw problemsError(
            [{ field: 'budgetYear', code: 'no_amounts', message: 'The grant has no amounts in this budget year.' }],
            'Nothing to prove for this budget year.',
          );
        }
        const figures = await figuresFor(
          trx,
          { municipalityId, providerId: owner.providerId, from: period.from, to: period.to },
          lines.map((line) => line.strand),
        );
        const id = await insertProof(
          trx,
          {
            ...target,
            contractId: contract?.id ?? null,
            providerId: owner.providerId,
            periodFrom: period.from,
            periodTo: period.to,
            dueOn: period.dueOn,
            figures,
            figuresAt: ctx.now(),
            createdBy: actor.userId,
          },
          lines,
        );
        if (!id) throw new AppError('conflict', 'There already is a proof of use for this grant, kind and year.');
        const attached = owner.providerId === null ? await attachAcceptedProofs(trx, { ...target, id }) : [];
        await auditFunding(trx, actor, {
          municipalityId,
          action: 'create',
          resourceType: PROOF_RESOURCE,
          resourceId: id,
          changedFields: ['kind', 'budgetYear', ...(contract ? ['contractId'] : [])],
          details: {
            grantId: grant.id,
            contractId: contract?.id ?? null,
            kind: input.kind,
            budgetYear: input.budgetYear ?? null,
            lines: lines.length,
            attachedProviderProofs: attached.length,
          },
          meta,
        });
        return view(trx, actor, id);
      });
    },

    async get(actorOrNull, proofId, meta) {
      const actor = signedIn(actorOrNull);
      const owner = await locateProof(ctx, actor, 'read', proofId, meta);
      return inFunding(
        ctx,
        actor,
        { action: 'read', resource: 'proof_of_use', municipalityId: owner.municipalityId },
        (trx) => view(trx, actor, proofId),
      );
    },

    async list(actorOrNull, query, meta) {
      const actor = signedIn(actorOrNull);
      const everywhere = reachesAllMunicipalities(actor, 'read', 'proof_of_use');
      const municipalityId = everywhere ? null : actor.activeMunicipalityId;
      // A provider's staff see their provider's proofs; everyone else the municipality's (or, the authority, all).
      const wide =
        everywhere ||
        authorize(actor, 'read', proofTarget({ municipalityId: municipalityId ?? '', providerId: null })).allowed;
      const providerScoped = !wide;
      await authorizeFunding(
        ctx,
        actor,
        'read',
        proofTarget({ municipalityId: municipalityId ?? '', providerId: wide ? null : actor.organisationId }),
        { resourceType: PROOF_RESOURCE, resourceId: null, meta },
      );
      const position = readCursor(query.cursor, query.sort);
      const filter = {
        grantId: query.grantId,
        status: query.status,
        kind: query.kind,
        origin: providerScoped ? ('provider' as const) : query.origin,
        providerId: providerScoped ? actor.organisationId : undefined,
        keyset: { ...parseSort(query.sort), after: position, limit: query.limit },
      };
      // A provider serves several municipalities: its proofs are read in each and merged in the database's order.
      const tenants = providerScoped ? actor.municipalityIds : [municipalityId];
      const rows: ProofRow[] = [];
      for (const tenant of tenants) {
        rows.push(
          ...(await inFunding(ctx, actor, { action: 'read', resource: 'proof_of_use', municipalityId: tenant }, (trx) =>
            listProofs(trx, filter),
          )),
        );
      }
      const field = parseSort(query.sort).field;
      const descending = query.sort.startsWith('-');
      rows.sort((a, b) => {
        const x = proofSortValue(a, field);
        const y = proofSortValue(b, field);
        const order = x === y ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : x < y ? -1 : 1;
        return descending ? -order : order;
      });
      return toPage(
        rows.slice(0, query.limit + 1),
        query.limit,
        query.sort,
        (row) => ({ value: proofSortValue(row, field), id: row.id }),
        presentSummary,
      );
    },

    updateNarrative(actor, proofId, version, input, meta) {
      return authorChange(actor, proofId, version, meta, 'update', async (trx, row) => {
        const narrative = { ...narrativeOf(row.narrative), ...input };
        await changeProof(trx, row.municipality_id, row.id, { narrative });
        return { changedFields: Object.keys(input).map((section) => `narrative.${section}`) };
      });
    },

    updateStatement(actor, proofId, version, input, meta) {
      return authorChange(actor, proofId, version, meta, 'update', async (trx, row) => {
        const lines = await proofLines(trx, row.municipality_id, row.id);
        const known = new Set(lines.map((line) => line.id));
        const unknown = input.lines.flatMap((entry, index) =>
          known.has(entry.lineId)
            ? []
            : [{ field: `lines.${index}.lineId`, code: 'unknown_line', message: 'not a line of this statement' }],
        );
        if (unknown.length > 0) throw problemsError(unknown, 'The statement has no such line.');
        for (const entry of input.lines) {
          await setLineActual(trx, row.municipality_id, entry.lineId, entry);
        }
        await changeProof(trx, row.municipality_id, row.id, {});
        return { changedFields: ['lines.actualCents'], details: { lines: input.lines.length } };
      });
    },

    refreshFigures(actor, proofId, version, meta) {
      return authorChange(actor, proofId, version, meta, 'refresh', async (trx, row) => {
        const lines = await proofLines(trx, row.municipality_id, row.id);
        const figures = await figuresFor(
          trx,
          {
            municipalityId: row.municipality_id,
            providerId: row.provider_id,
            from: row.period_from,
            to: row.period_to,
          },
          lines.map((line) => line.strand),
        );
        await changeProof(trx, row.municipality_id, row.id, { figures, figures_at: ctx.now() });
        return { changedFields: ['figures'] };
      });
    },

    submit(actor, proofId, version, meta) {
      return authorChange(actor, proofId, version, meta, 'submit', async (trx, row, by) => {
        assertEditable(row);
        const lines = await proofLines(trx, row.municipality_id, row.id);
        const pending =
          row.provider_id === null
            ? (await providerProofsFor(trx, row)).filter((proof) => proof.status === 'submitted').length
            : 0;
        const problems = submissionProblems({
          lines: lines.map((line) => ({
            id: line.id,
            strand: line.strand,
            budgetYear: line.budget_year,
            plannedCents: line.planned_cents,
            actualCents: line.actual_cents,
          })),
          narrative: narrativeOf(row.narrative),
          requiredSections: REQUIRED_SECTIONS,
          pendingProviderProofs: pending,
        });
        if (problems.length > 0) throw problemsError(problems, 'The proof of use is not complete.');
        const grant = await findGrant(trx, row.grant_id);
        const day = today(ctx);
        await changeProof(trx, row.municipality_id, row.id, {
          status: 'submitted',
          submitted_at: ctx.now(),
          submitted_by: by.userId,
          return_reason: null,
        });
        await setRetention(
          trx,
          row.municipality_id,
          row.id,
          retainUntil(day, grant?.definition.receiptRetentionYears ?? 5),
        );
        if (row.provider_id === null) {
          await attachAcceptedProofs(trx, {
            municipalityId: row.municipality_id,
            id: row.id,
            grantId: row.grant_id,
            kind: row.kind,
            budgetYear: row.budget_year,
          });
        }
        return { changedFields: ['status'], details: { status: 'submitted', actualCents: row.actual_cents } };
      });
    },

    async accept(actorOrNull, proofId, version, meta) {
      const actor = signedIn(actorOrNull);
      const owner = await locateProof(ctx, actor, 'update', proofId, meta);
      await refuseUnless(ctx, actor, mayCheck(actor, owner), {
        action: 'accept',
        owner,
        proofId,
        reason: "only the municipality checks a provider's proof",
        meta,
      });
      return inFunding(
        ctx,
        actor,
        { action: 'update', resource: 'proof_of_use', municipalityId: owner.municipalityId },
        async (trx) => {
          const row = await lockedProof(trx, proofId, version);
          if (row.status !== 'submitted') {
            throw new AppError('conflict', `The proof of use is ${row.status}; only a submitted one is checked.`);
          }
          const own = await municipalityProofFor(trx, row.municipality_id, row.grant_id, row.kind, row.budget_year);
          await changeProof(trx, row.municipality_id, row.id, {
            status: 'accepted',
            accepted_at: ctx.now(),
            accepted_by: actor.userId,
            attached_to: own?.id ?? null,
          });
          await auditFunding(trx, actor, {
            municipalityId: row.municipality_id,
            action: 'accept',
            resourceType: PROOF_RESOURCE,
            resourceId: row.id,
            changedFields: ['status', ...(own ? ['attachedTo'] : [])],
            details: { status: 'accepted', attachedTo: own?.id ?? null },
            meta,
          });
          return view(trx, actor, proofId);
        },
      );
    },

    async returnProof(actorOrNull, proofId, version, input, meta) {
      const actor = signedIn(actorOrNull);
      const owner = await locateProof(ctx, actor, 'update', proofId, meta);
      const allowed = owner.providerId === null ? isAuthority(actor) : mayCheck(actor, owner);
      await refuseUnless(ctx, actor, allowed, {
        action: 'return',
        owner,
        proofId,
        reason: 'only the checking municipality or the auditing authority returns a proof',
        meta,
      });
      return inFunding(
        ctx,
        actor,
        { action: 'update', resource: 'proof_of_use', municipalityId: owner.municipalityId },
        async (trx) => {
          const row = await lockedProof(trx, proofId, version);
          if (row.status !== 'submitted') {
            throw new AppError('conflict', `The proof of use is ${row.status}; only a submitted one is returned.`);
          }
          await changeProof(trx, row.municipality_id, row.id, {
            status: 'returned',
            returned_at: ctx.now(),
            returned_by: actor.userId,
            return_reason: input.reason,
          });
          await auditFunding(trx, actor, {
            municipalityId: row.municipality_id,
            action: 'return',
            resourceType: PROOF_RESOURCE,
            resourceId: row.id,
            changedFields: ['status', 'returnReason'],
            details: { status: 'returned' },
            meta,
          });
          return view(trx, actor, proofId);
        },
      );
    },
  };
}
