// What the application and grant pages share: who the user is here (applicant or authority; hints only, the
// server decides every request), load failures, outcomes that take focus, the text of a failed change, the
// status badge and date formatting.
import { Alert, Badge, Button, Text } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../accounts/profile.schema.ts';
import type { ApplicationStatus } from '../../../funding/funding.codes.ts';
import { isProblem } from '../../lib/api-request.ts';

export interface FundingSides {
  /** the municipality's managing office: drafts, submits, withdraws */
  applicant: boolean;
  /** the approving authority: reviews, returns, rejects, decides, amends */
  authority: boolean;
}

function holds(me: Pick<Me, 'permissions'>, resource: string, action: string, scope?: string): boolean {
  return me.permissions.some(
    (p) =>
      p.resource === resource &&
      (p.action === action || p.action === 'manage') &&
      (scope === undefined || p.scope === scope),
  );
}

export function fundingSides(me: Pick<Me, 'permissions'>): FundingSides {
  return {
    applicant: holds(me, 'application', 'create', 'municipality'),
    authority: holds(me, 'grant', 'create', 'all'),
  };
}

/** "2021-03-01" → "01.03.2021": dates of the funding administration in German notation, as amounts are. */
export function germanDate(iso: string | null): string {
  if (!iso) return '–';
  const [year, month, day] = iso.slice(0, 10).split('-');
  return `${day}.${month}.${year}`;
}

const STATUS_COLOURS: Record<ApplicationStatus, string> = {
  draft: 'gray.8',
  submitted: 'blue.9',
  in_review: 'indigo.9',
  returned: 'grape.9',
  decided: 'teal.9',
  rejected: 'red.9',
  withdrawn: 'gray.8',
};

export function StatusBadge({ status }: { status: ApplicationStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOURS[status]} variant="outline">
      {t(`fundingApplications.status.${status}`)}
    </Badge>
  );
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

/** What a failed change means for the user; field errors are shown next to their fields by the forms. */
export function useFailureText() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (isProblem(error, 'forbidden')) return t('fundingApplications.common.forbidden');
    if (isProblem(error, 'not_found')) return t('fundingApplications.common.notFound');
    if (isProblem(error, 'precondition_failed')) return t('fundingApplications.common.stale');
    if (isProblem(error, 'validation_failed')) {
      const messages = error.fieldErrors.map((problem) => problem.message).join(' ');
      return messages
        ? `${t('fundingApplications.common.invalid')} ${messages}`
        : t('fundingApplications.common.invalid');
    }
    if (isProblem(error, 'conflict')) {
      const limit = error.detail === undefined ? '' : ` (${error.detail})`;
      return `${t('fundingApplications.common.conflict')}${limit}`;
    }
    return t('fundingApplications.common.failed');
  };
}

/** The message of a field in a failed change, if the server named that field. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!isProblem(error, 'validation_failed')) return undefined;
  const messages = error.fieldErrors.filter((problem) => problem.field === field).map((problem) => problem.message);
  return messages.length > 0 ? messages.join(' ') : undefined;
}

/** A load that failed: refusals and absent records are final; other failures offer to try again. */
export function LoadFailed({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const { t } = useTranslation();
  const final = isProblem(error) && error.status < 500;
  const text = isProblem(error, 'forbidden')
    ? t('fundingApplications.common.forbidden')
    : isProblem(error, 'not_found') || isProblem(error, 'validation_failed')
      ? t('fundingApplications.common.notFound')
      : t('fundingApplications.common.loadFailed');
  return (
    <Alert color="red.9" variant="outline" role="alert">
      <Text>{text}</Text>
      {final ? null : (
        <Button mt="sm" variant="outline" onClick={onRetry}>
          {t('fundingApplications.common.retry')}
        </Button>
      )}
    </Alert>
  );
}
