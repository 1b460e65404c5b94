// What the proof-of-use pages add to the funding kit (../funding-shared/funding-kit.tsx): who the user is here
// (hints only, the server decides every request), the status badges, the title of a proof, and the text of a
// failed change or a problem of the statement in the user's language.
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../accounts/profile.schema.ts';
import type { ProofStatus, RecoveryClaimStatus } from '../../../funding/funding.codes.ts';
import type { ProofProblem, ProofView } from '../../../funding/proof.schema.ts';
import { formatMoney, formatRate } from '../../components/money.tsx';
import type { FieldProblem } from '../../lib/api-request.ts';
import { can } from '../../lib/permissions.ts';
import { FundingBadge, FundingLoadFailed, useFundingFailureText } from '../funding-shared/funding-kit.tsx';

export interface ProofSides {
  /** a provider's staff: proves the use of its contracts */
  provider: boolean;
  /** the municipality's managing office: its own proofs, checks the providers' */
  municipality: boolean;
  /** the approving authority: audits, recovers */
  authority: boolean;
}

export function proofSides(me: Pick<Me, 'permissions'>): ProofSides {
  return {
    provider: can(me, 'create', 'proof_of_use', 'organisation'),
    municipality: can(me, 'create', 'proof_of_use', 'municipality'),
    authority: can(me, 'update', 'proof_of_use', 'all'),
  };
}

const STATUS_COLOURS: Record<ProofStatus, string> = {
  draft: 'gray.8',
  submitted: 'blue.9',
  returned: 'red.9',
  accepted: 'teal.9',
  audited: 'teal.9',
};

export function ProofStatusBadge({ status }: { status: ProofStatus }) {
  const { t } = useTranslation();
  return <FundingBadge colour={STATUS_COLOURS[status]}>{t(`fundingProofs.status.${status}`)}</FundingBadge>;
}

export function ClaimStatusBadge({ status }: { status: RecoveryClaimStatus }) {
  const { t } = useTranslation();
  return (
    <FundingBadge colour={status === 'settled' ? 'teal.9' : status === 'issued' ? 'red.9' : 'gray.8'}>
      {t(`fundingProofs.claimStatus.${status}`)}
    </FundingBadge>
  );
}

/** The title of a proof: "Zwischennachweis 2021" or "Verwendungsnachweis". */
export function useProofTitle() {
  const { t } = useTranslation();
  return (proof: { kind: 'interim' | 'final'; budgetYear: number | null }) =>
    proof.kind === 'interim'
      ? t('fundingProofs.kind.interimOf', { year: String(proof.budgetYear ?? '') })
      : t('fundingProofs.kind.final');
}

/** A problem of the statement or of a submission, in the user's language (the server's message otherwise). */
export function useProblemText() {
  const { t } = useTranslation();
  return (problem: ProofProblem | FieldProblem, proof?: ProofView): string => {
    const lineId = /^lines\.([^.]+)\./.exec(problem.field)?.[1];
    const line = proof?.lines.find((l) => l.id === lineId);
    const group = proof?.groups.find((g) => problem.field === `groups.${g.strand}-${g.budgetYear}`);
    switch (problem.code) {
      case 'line_over_tolerance':
        return line
          ? t('fundingProofs.problem.overTolerance', {
              line: `${line.strand} ${line.budgetYear} · ${line.description}`,
              rate: formatRate(proof?.lineToleranceBp ?? 0),
              amount: formatMoney(line.overToleranceCents),
            })
          : problem.message;
      case 'overrun_not_offset':
        return group
          ? t('fundingProofs.problem.notOffset', {
              group: `${group.strand} ${group.budgetYear}`,
              amount: formatMoney(group.notOffsetCents),
            })
          : problem.message;
      case 'actual_missing':
        return line
          ? t('fundingProofs.problem.actualMissing', { line: line.description })
          : t('fundingProofs.problem.actualsMissing');
      case 'section_missing': {
        const section = problem.field.split('.')[1] ?? '';
        return t('fundingProofs.problem.sectionMissing', {
          section: ['summary', 'activities', 'results', 'deviations'].includes(section)
            ? t(`fundingProofs.narrative.${section as 'summary'}`)
            : section,
        });
      }
      case 'provider_proofs_pending':
        return t('fundingProofs.problem.providerProofsPending');
      case 'statement_empty':
        return t('fundingProofs.problem.statementEmpty');
      default:
        return problem.message;
    }
  };
}

/** What a failed change means for the user; the statement's problems are listed in full. */
export function useFailureText() {
  const failureText = useFundingFailureText('fundingProofs');
  const problemText = useProblemText();
  return (error: unknown, proof?: ProofView): string =>
    failureText(error, (problems) => problems.map((problem) => problemText(problem, proof)).join(' '));
}

/** A load that failed: refusals and absent records are final; other failures offer to try again. */
export function LoadFailed({ error, onRetry }: { error: Error; onRetry: () => void }) {
  return <FundingLoadFailed texts="fundingProofs" error={error} onRetry={onRetry} />;
}
