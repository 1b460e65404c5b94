// How the state of a case is shown: the derived status as steps, and warnings as icon + text (never colour
// alone). Shared by the case page and the caseload (both are views of the cases area).
import { Group, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { caseStatuses, type CaseStatus, type WarningKind } from '../../../cases/case.codes.ts';
import type { Case } from '../../../cases/case.schema.ts';
import { formatDate, formatDateTime } from './format.ts';
import './cases.css';

export type CaseWarning = Case['warnings'][number];

/** An alert (exclamation mark in a triangle): something is overdue or lost. */
function AlertIcon() {
  return (
    <svg className="case-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <path d="M12 2 1 21h22L12 2Z" fill="currentColor" />
      <path d="M11 9h2v6h-2zM11 17h2v2h-2z" fill="#fff" />
    </svg>
  );
}

/** A clock: something is due soon. */
function DueIcon() {
  return (
    <svg className="case-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" strokeWidth="2.5" />
      <path d="M12 6v6l4 3" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
    </svg>
  );
}

function CheckIcon() {
  return (
    <svg className="case-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
      <path d="m4 12 5 5L20 6" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}

const ALERTING: readonly WarningKind[] = ['eligibility_lost', 'follow_up_overdue', 'steps_overdue'];

export function WarningIcon({ kind }: { kind: WarningKind }) {
  return ALERTING.includes(kind) ? <AlertIcon /> : <DueIcon />;
}

/** One warning in words, with its date or count. */
export function useWarningText() {
  const { t, i18n } = useTranslation();
  return (warning: CaseWarning): string => {
    switch (warning.kind) {
      case 'eligibility_lost':
        return t('cases.warnings.eligibility_lost_since', { date: formatDateTime(warning.since, i18n.language) });
      case 'follow_up_due':
        return t('cases.warnings.follow_up_due_on', { date: formatDate(warning.dueOn, i18n.language) });
      case 'follow_up_overdue':
        return t('cases.warnings.follow_up_overdue_since', { date: formatDate(warning.dueOn, i18n.language) });
      case 'steps_overdue':
        return t('cases.warnings.steps_overdue_count', {
          count: warning.count,
          date: formatDate(warning.oldestDueOn, i18n.language),
        });
    }
  };
}

/** The warnings of a case, each as icon and sentence. */
export function WarningList({ warnings, labelledBy }: { warnings: readonly CaseWarning[]; labelledBy?: string }) {
  const text = useWarningText();
  if (warnings.length === 0) return null;
  return (
    <List spacing={4} listStyleType="none" p={0} m={0} aria-labelledby={labelledBy} className="case-warnings">
      {warnings.map((warning) => (
        <List.Item key={warning.kind}>
          <Group gap={6} wrap="nowrap" align="flex-start" className={`case-warning case-warning-${warning.kind}`}>
            <WarningIcon kind={warning.kind} />
            <Text span fw={600}>
              {text(warning)}
            </Text>
          </Group>
        </List.Item>
      ))}
    </List>
  );
}

/** Warnings named only by their kind (the caseload), each as icon and word. */
export function WarningKinds({ kinds }: { kinds: readonly WarningKind[] }) {
  const { t } = useTranslation();
  if (kinds.length === 0) {
    return (
      <Text span inherit>
        {t('cases.warnings.none')}
      </Text>
    );
  }
  return (
    <ul className="case-warnings case-warnings-compact">
      {kinds.map((kind) => (
        <li key={kind} className={`case-warning case-warning-${kind}`}>
          <WarningIcon kind={kind} />
          <span>{t(`cases.warnings.${kind}`)}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * The derived status as an ordered list of stages (open → … → followed up): reached stages carry a check
 * mark and the word "reached", the current one aria-current="step" and its word; colour only repeats that.
 */
export function StatusSteps({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  const current = caseStatuses.indexOf(status);
  return (
    <ol className="case-steps" aria-label={t('cases.statusSteps.label')}>
      {caseStatuses.map((stage, index) => {
        const state = index < current ? 'done' : index === current ? 'current' : 'pending';
        return (
          <li
            key={stage}
            className={`case-step case-step-${state}`}
            aria-current={state === 'current' ? 'step' : undefined}
          >
            <span className="case-step-marker" aria-hidden="true">
              {state === 'done' ? <CheckIcon /> : index + 1}
            </span>
            <span className="case-step-label">{t(`cases.statuses.${stage}`)}</span>
            <span className="case-step-state">({t(`cases.statusSteps.${state}`)})</span>
          </li>
        );
      })}
    </ol>
  );
}
