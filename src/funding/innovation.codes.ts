// Code lists of the innovation fund (FB5). The living definition; migration 20261130_0021_innovation_fund.ts
// froze them as they were, and innovation.int.test.ts keeps both in step.

/**
 * draft (the authority prepares it; proposers do not see it) → published (proposals until the deadline; the
 * committee scores) → ranking_closed (scores frozen; the authority selects within the cap) → completed (proposals
 * not selected are closed as not_selected).
 */
export const innovationCallStatuses = ['draft', 'published', 'ranking_closed', 'completed'] as const;
export type InnovationCallStatus = (typeof innovationCallStatuses)[number];

/**
 * draft → submitted (until the deadline) → shortlisted (optional) → selected (became a funding application) →
 * decided (its grant decision was made) | not_selected; withdrawn by the proposer before the ranking closes.
 */
export const innovationProposalStatuses = [
  'draft',
  'submitted',
  'withdrawn',
  'shortlisted',
  'selected',
  'not_selected',
  'decided',
] as const;
export type InnovationProposalStatus = (typeof innovationProposalStatuses)[number];

/** Statuses of a proposal that is in the competition: the committee sees and scores it. */
export const competingStatuses = [
  'submitted',
  'shortlisted',
  'selected',
  'decided',
] as const satisfies readonly InnovationProposalStatus[];

export const innovationDocumentKinds = ['concept', 'budget_plan', 'letter_of_support', 'other'] as const;
export type InnovationDocumentKind = (typeof innovationDocumentKinds)[number];
