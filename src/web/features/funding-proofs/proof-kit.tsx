// What the proof-of-use pages share: who the user is here (hints only, the server decides every request), dates,
// the status badges, load failures, outcomes that take focus, and the text of a failed change or a problem of
// the statement in the user's language.
import { Alert, Badge, Button, Text } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../accounts/profile.schema.ts';
import type { ProofStatus, RecoveryClaimStatus } from '../../../funding/funding.codes.ts';
import type { ProofProblem, ProofView } from '../../../funding/proof.schema.ts';
import { formatMoney, formatRate } from '../../components/money.tsx';
import { isProblem, type FieldProblem } from '../../lib/api-request.ts';

export interface ProofSides {
  /** a provider's staff: proves the use of its contracts */
  provider: boolean;
  /** the municipality's managing office: its own proofs, checks the providers' */
  municipality: boolean;
  /** the approving authority: audits, recovers */
  authority: boolean;
}

function holds(me: Pick<Me, 'permissions'>, action: string, resource: string, scope: string): boolean {
  return me.permissions.some(
    (p) => p.resource === resource && p.scope === scope && (p.action === action || p.action === 'manage'),
  );
}

export function proofSides(me: Pick<Me, 'permissions'>): ProofSides {
  return {
    provider: holds(me, 'create', 'proof_of_use', 'organisation'),
    municipality: holds(me, 'create', 'proof_of_use', 'municipality'),
    authority: holds(me, 'update', 'proof_of_use', 'all'),
  };
}

/** "2021-03-01" → "01.03.2021": dates of the funding administration in German notation, as amounts are. */
export function germanDate(iso: string | null): string {
  if (!iso) return '–';
  const [year, month, day] = iso.slice(0, 10).split('-');
  return `${day}.${month}.${year}`;
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
  return (
    <Badge color={STATUS_COLOURS[status]} variant="outline">
      {t(`fundingProofs.status.${status}`)}
    </Badge>
  );
}

export function ClaimStatusBadge({ status }: { status: RecoveryClaimStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={status === 'settled' ? 'teal.9' : status === 'issued' ? 'red.9' : 'gray.8'} variant="outline">
      {t(`fundingProofs.claimStatus.${status}`)}
    </Badge>
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

/** The outcome of an action; takes focus when it appears (give it a new `key` per outcome). */
export function Outcome({ tone = 'success', children }: { tone?: 'success' | 'error'; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      color={tone === 'success' ? 'teal.9' : 'red.9'}
      variant="outline"
      role={tone === 'success' ? 'status' : 'alert'}
    >
      {children}
    </Alert>
  );
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
  const { t } = useTranslation();
  const problemText = useProblemText();
  return (error: unknown, proof?: ProofView): string => {
    if (isProblem(error, 'forbidden')) return t('fundingProofs.common.forbidden');
    if (isProblem(error, 'not_found')) return t('fundingProofs.common.notFound');
    if (isProblem(error, 'precondition_failed')) return t('fundingProofs.common.stale');
    if (isProblem(error, 'validation_failed')) {
      const messages = error.fieldErrors.map((problem) => problemText(problem, proof)).join(' ');
      return messages ? `${t('fundingProofs.common.invalid')} ${messages}` : t('fundingProofs.common.invalid');
    }
    if (isProblem(error, 'conflict')) {
      return error.detail
        ? `${t('fundingProofs.common.conflict')} (${error.detail})`
        : t('fundingProofs.common.conflict');
    }
    return t('fundingProofs.common.failed');
  };
}

/** A load that failed: refusals and absent records are final; other failures offer to try again. */
export function LoadFailed({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const { t } = useTranslation();
  const final = isProblem(error) && error.status < 500;
  const text = isProblem(error, 'forbidden')
    ? t('fundingProofs.common.forbidden')
    : isProblem(error, 'not_found') || isProblem(error, 'validation_failed')
      ? t('fundingProofs.common.notFound')
      : t('fundingProofs.common.loadFailed');
  return (
    <Alert color="red.9" variant="outline" role="alert">
      <Text>{text}</Text>
      {final ? null : (
        <Button mt="sm" variant="outline" onClick={onRetry}>
          {t('fundingProofs.common.retry')}
        </Button>
      )}
    </Alert>
  );
}

/**
 * A wide table's horizontal scroll area that keyboard users can scroll too (focusable, named region: axe
 * "scrollable-region-focusable", WCAG 2.1.1), as the quality pages do.
 */
export function ScrollRegion({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      <div style={{ minWidth }}>{children}</div>
    </div>
  );
}
