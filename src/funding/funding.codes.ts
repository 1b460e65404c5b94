// Code lists of the funding administration (Zuwendungsrecht: VV zu §44 LHO, ANBest-G/ANBest-P). The living
// definition; migration 20261130_0016_funding.ts froze them as they were, and a test keeps both in step.

/**
 * A strand (Förderbaustein) is named by its programme's definition (FB1…FB6 for "Durchstarten", others for
 * other programmes), so the database and the API check the shape of the code, not a fixed list.
 */
export const STRAND_CODE_PATTERN = /^[A-Z][A-Z0-9_-]{0,15}$/;
export const PROGRAMME_CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,15}$/;

/** How a strand is financed: posts (FTE × annual rate), teaching hours × flat rate, or project costs. */
export const financingModes = ['posts', 'teaching_hours', 'project'] as const;
export type FinancingMode = (typeof financingModes)[number];

/**
 * How a strand's state budget reaches the recipients: distributed by an allocation key (FlüAG), computed per
 * municipality by the post formula (FB6), or kept centrally and committed by single decisions (FB5).
 */
export const budgetDistributions = ['key', 'posts_formula', 'central'] as const;
export type BudgetDistribution = (typeof budgetDistributions)[number];

/** Cost categories of a financing plan (and of the financial statement of a proof of use). */
export const costCategories = [
  'personnel',
  'teaching_hours',
  'exam_fees',
  'material',
  'setup',
  'travel',
  'rent',
  'other',
] as const;
export type CostCategory = (typeof costCategories)[number];

export const applicationKinds = ['grant', 'innovation'] as const;
export type ApplicationKind = (typeof applicationKinds)[number];

/**
 * draft → submitted → in_review → (returned → submitted …) → decided | rejected; withdrawn by the applicant
 * before a decision.
 */
export const applicationStatuses = [
  'draft',
  'submitted',
  'in_review',
  'returned',
  'decided',
  'rejected',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

export const fundingSourceKinds = ['own_contribution', 'third_party'] as const;
export type FundingSourceKind = (typeof fundingSourceKinds)[number];

/** Anteilfinanzierung, Fehlbedarfsfinanzierung, Festbetragsfinanzierung (VV Nr. 2.2 zu §44 LHO). */
export const financingTypes = ['share', 'shortfall', 'fixed'] as const;
export type FinancingType = (typeof financingTypes)[number];

/** Allgemeine Nebenbestimmungen: ANBest-G for municipalities, ANBest-P for providers (projects). */
export const conditionSets = ['ANBest-G', 'ANBest-P'] as const;
export type ConditionSet = (typeof conditionSets)[number];

export const decisionKinds = ['decision', 'amendment'] as const;
export type DecisionKind = (typeof decisionKinds)[number];

export const grantStatuses = ['active', 'closed', 'revoked'] as const;
export type GrantStatus = (typeof grantStatuses)[number];

export const forwardingStatuses = ['draft', 'concluded', 'ended', 'cancelled'] as const;
export type ForwardingStatus = (typeof forwardingStatuses)[number];

/** requested → approved once (first approver) → paid (second approver books the payment) | rejected | withdrawn. */
export const paymentRequestStatuses = ['requested', 'approved_once', 'paid', 'rejected', 'withdrawn'] as const;
export type PaymentRequestStatus = (typeof paymentRequestStatuses)[number];

/** A payout to the recipient, or money coming back (repayment of a recovery claim, returned funds). */
export const paymentKinds = ['payment', 'repayment'] as const;
export type PaymentKind = (typeof paymentKinds)[number];

/** An interim statement of one budget year (Zwischennachweis), or the final proof of use (Verwendungsnachweis). */
export const proofKinds = ['interim', 'final'] as const;
export type ProofKind = (typeof proofKinds)[number];

/**
 * draft → submitted → accepted (a provider's proof, by the municipality) | audited (the municipality's, by the
 * authority); a submitted proof may be returned with a reason, and is then corrected and submitted again.
 */
export const proofStatuses = ['draft', 'submitted', 'returned', 'accepted', 'audited'] as const;
export type ProofStatus = (typeof proofStatuses)[number];

/** The authority's audit: confirmed without findings, or with findings (ineligible spending, remarks). */
export const auditResults = ['no_findings', 'findings'] as const;
export type AuditResult = (typeof auditResults)[number];

/** computed by the audit → issued (Rückforderungsbescheid) → settled when repaid in full. */
export const recoveryClaimStatuses = ['computed', 'issued', 'settled'] as const;
export type RecoveryClaimStatus = (typeof recoveryClaimStatuses)[number];

/** The sections of the narrative report (Sachbericht). */
export const narrativeSections = ['summary', 'activities', 'results', 'deviations'] as const;
export type NarrativeSection = (typeof narrativeSections)[number];
