// Rows of applications and their plans as the API answers them, and as the plan rules read them.
import type {
  Application,
  ApplicationSummary,
  Comment,
  CostLine,
  FundingSource,
  Position,
  RequestedAmount,
} from './application.schema.ts';
import type {
  ApplicationViewRow,
  CommentRow,
  CostLineRow,
  FundingSourceRow,
  PlanRows,
  PositionRow,
  RecipientFacts,
  RequestedAmountRow,
} from './application.repository.ts';
import { planTotals, type Plan } from './application.rules.ts';
import { programmeDefinitionSchema, type ProgrammeDefinition } from './programme.definition.ts';

/** "12.50" → "12.5", "3.00" → "3": numeric columns as the decimal they are. */
export function decimalText(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

export function definitionOf(row: { definition: unknown }): ProgrammeDefinition {
  return programmeDefinitionSchema.parse(row.definition);
}

export function presentCostLine(row: CostLineRow): CostLine {
  return {
    id: row.id,
    strand: row.strand,
    budgetYear: row.budget_year,
    category: row.category,
    description: row.description,
    quantity: row.quantity === null ? null : decimalText(row.quantity),
    unitCents: row.unit_cents,
    amountCents: row.amount_cents,
    position: row.position,
    version: row.version,
  };
}

export function presentPosition(row: PositionRow): Position {
  return {
    id: row.id,
    strand: row.strand,
    title: row.title,
    rateCode: row.rate_code,
    fte: decimalText(row.fte),
    employerId: row.employer_id,
    employerName: row.employer_name,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    annualCents: row.annual_cents,
    version: row.version,
  };
}

export function presentFundingSource(row: FundingSourceRow): FundingSource {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    budgetYear: row.budget_year,
    amountCents: row.amount_cents,
    version: row.version,
  };
}

export function presentRequestedAmount(row: RequestedAmountRow): RequestedAmount {
  return {
    id: row.id,
    strand: row.strand,
    budgetYear: row.budget_year,
    amountCents: row.amount_cents,
    version: row.version,
  };
}

export function presentComment(row: CommentRow): Comment {
  return {
    id: row.id,
    side: row.side,
    kind: row.kind,
    body: row.body,
    subject: row.subject,
    authorId: row.author_id,
    authorName: row.author_name,
    createdAt: row.created_at.toISOString(),
  };
}

export function presentSummary(row: ApplicationViewRow): ApplicationSummary {
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    municipalityName: row.municipality_name,
    programmeId: row.programme_id,
    programmeCode: row.programme_code,
    programmeName: definitionOf(row).name,
    programmeVersion: row.programme_version,
    kind: row.kind,
    applicantId: row.applicant_id,
    applicantName: row.applicant_name,
    reference: row.reference,
    title: row.title,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    status: row.status,
    submittedAt: row.submitted_at?.toISOString() ?? null,
    decidedAt: row.decided_at?.toISOString() ?? null,
    grantId: row.grant_id,
    costsCents: row.costs_cents,
    requestedCents: row.requested_cents,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The plan as the rules read it: the application's header, its lines and the recipient's facts. */
export function planFrom(row: ApplicationViewRow, lines: PlanRows, recipient: RecipientFacts): Plan {
  return {
    definition: definitionOf(row),
    kind: row.kind,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    ownContributionRateBp: row.own_contribution_rate_bp,
    ownContributionReason: row.own_contribution_reason,
    recipient: {
      allianceMember: recipient.alliance_member,
      budgetRecovery: recipient.budget_recovery,
      tolerated18to27: recipient.tolerated_18_27,
    },
    costLines: lines.costLines.map((l) => ({
      id: l.id,
      strand: l.strand,
      budgetYear: l.budget_year,
      category: l.category,
      quantity: l.quantity === null ? null : decimalText(l.quantity),
      unitCents: l.unit_cents,
      amountCents: l.amount_cents,
    })),
    positions: lines.positions.map((p) => ({
      id: p.id,
      strand: p.strand,
      rateCode: p.rate_code,
      fte: decimalText(p.fte),
      startsOn: p.starts_on,
      endsOn: p.ends_on,
      annualCents: p.annual_cents,
    })),
    fundingSources: lines.fundingSources.map((s) => ({
      id: s.id,
      kind: s.kind,
      budgetYear: s.budget_year,
      amountCents: s.amount_cents,
    })),
    requestedAmounts: lines.requestedAmounts.map((r) => ({
      id: r.id,
      strand: r.strand,
      budgetYear: r.budget_year,
      amountCents: r.amount_cents,
    })),
  };
}

export function presentApplication(
  row: ApplicationViewRow,
  lines: PlanRows,
  plan: Plan,
  comments: readonly CommentRow[],
): Application {
  return {
    ...presentSummary(row),
    strands: plan.definition.strands
      .filter((strand) => strand.proposalsByCall === (row.kind === 'innovation'))
      .map((strand) => ({
        code: strand.code,
        name: strand.name,
        financing: strand.financing,
        costCategories: strand.costCategories,
        teachingHourRateCents: strand.teachingHourRateCents ?? null,
        postRates: strand.postRates.map((rate) => ({
          code: rate.code,
          label: rate.label,
          fte: rate.fte,
          annualMaxCents: rate.annualMaxCents,
        })),
      })),
    ownContributionRateBp: row.own_contribution_rate_bp,
    ownContributionReason: row.own_contribution_reason,
    summary: row.summary,
    createdAt: row.created_at.toISOString(),
    costLines: lines.costLines.map(presentCostLine),
    positions: lines.positions.map(presentPosition),
    fundingSources: lines.fundingSources.map(presentFundingSource),
    requestedAmounts: lines.requestedAmounts.map(presentRequestedAmount),
    totals: planTotals(plan),
    comments: comments.map(presentComment),
  };
}
