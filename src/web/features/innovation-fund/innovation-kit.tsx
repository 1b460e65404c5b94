// What the innovation fund's pages share: load failures, outcomes that take focus (announced), the text of a
// failed change, and who the signed-in user is for this area (hints only; the server decides every request).
import { Alert, Button, Text } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../accounts/profile.schema.ts';
import { isProblem } from '../../lib/api-request.ts';

/** The roles of the signed-in user in the innovation fund, from the permissions the server sent. */
export interface InnovationRoles {
  /** the approving authority: prepares calls, closes rankings, selects */
  prepares: boolean;
  /** the steering committee: scores (and reads the ranking) */
  committee: boolean;
  /** a municipality or a provider: proposes */
  proposes: boolean;
}

export function innovationRoles(me: Pick<Me, 'permissions' | 'organisation'>): InnovationRoles {
  const holds = (action: string, scope?: string) =>
    me.permissions.some(
      (permission) =>
        permission.resource === 'innovation' &&
        (permission.action === action || permission.action === 'manage') &&
        (scope === undefined || permission.scope === scope),
    );
  return {
    prepares: me.permissions.some(
      (permission) =>
        permission.resource === 'innovation' && permission.action === 'manage' && permission.scope === 'all',
    ),
    committee: holds('update', 'all'),
    proposes: holds('create') && (me.organisation.kind === 'municipality' || me.organisation.kind === 'provider'),
  };
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

/** What a failed change means for the user; the server's sentence says which state stands in the way. */
export function useFailureText() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (isProblem(error, 'forbidden')) return t('innovation.common.forbidden');
    if (isProblem(error, 'not_found')) return t('innovation.common.notFound');
    if (isProblem(error, 'precondition_failed')) return t('innovation.common.stale');
    if (isProblem(error, 'validation_failed')) {
      const messages = error.fieldErrors.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
      return messages ? `${t('innovation.common.invalid')} (${messages})` : t('innovation.common.invalid');
    }
    if (isProblem(error, 'conflict')) {
      return error.detail ? `${t('innovation.common.conflict')} (${error.detail})` : t('innovation.common.conflict');
    }
    return t('innovation.common.failed');
  };
}

/** A load that failed: refusals and absent records are final; other failures offer to try again. */
export function LoadFailed({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const { t } = useTranslation();
  const final = isProblem(error) && error.status < 500;
  const text = isProblem(error, 'forbidden')
    ? t('innovation.common.forbidden')
    : isProblem(error, 'not_found') || isProblem(error, 'validation_failed')
      ? t('innovation.common.notFound')
      : t('innovation.common.loadFailed');
  return (
    <Alert color="red.9" variant="outline" role="alert">
      <Text mb={final ? 0 : 'sm'}>{text}</Text>
      {final ? null : (
        <Button variant="default" onClick={onRetry}>
          {t('innovation.common.retry')}
        </Button>
      )}
    </Alert>
  );
}
