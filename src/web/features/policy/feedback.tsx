import { Alert, Button, Text } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/form-error.tsx';
import { isProblem } from '../../lib/api-request.ts';

/** A load that failed: refusals are final; other failures offer to try again. */
export function LoadFailed({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const { t } = useTranslation();
  const final = isProblem(error) && error.status < 500;
  return (
    <Alert color="red.9" variant="outline" role="alert">
      <Text mb={final ? 0 : 'sm'}>
        {isProblem(error, 'forbidden') ? t('cases.policy.forbidden') : t('cases.policy.failed')}
      </Text>
      {final ? null : (
        <Button variant="default" onClick={onRetry}>
          {t('cases.common.retry')}
        </Button>
      )}
    </Alert>
  );
}

/** The outcome of a save; takes focus so that it is read out (give it a new `key` per outcome). */
export function Outcome({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Alert ref={ref} tabIndex={-1} color="teal.9" variant="outline" role="status">
      {children}
    </Alert>
  );
}

/** Someone saved in between (412): the form is not saved; reloading starts it from the current version. */
export function StaleNotice({ onReload, reloading }: { onReload: () => void; reloading: boolean }) {
  const { t } = useTranslation();
  return (
    <FormError title={t('cases.common.stale.title')}>
      <Text mb="sm">{t('cases.common.stale.text')}</Text>
      <Button variant="default" onClick={onReload} loading={reloading}>
        {t('cases.common.stale.reload')}
      </Button>
    </FormError>
  );
}

/** The problems of a submitted form with links to their fields; focused when it appears (new `key` per attempt). */
export function ProblemSummary({ problems }: { problems: { id: string; text: string }[] }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      color="red.9"
      variant="outline"
      title={t('cases.common.errors.summary')}
      role="alert"
    >
      <ul style={{ margin: 0, paddingInlineStart: '1.2rem' }}>
        {problems.map((problem) => (
          <li key={problem.id}>
            <a
              href={`#${problem.id}`}
              onClick={(event) => {
                event.preventDefault();
                document.getElementById(problem.id)?.focus();
              }}
            >
              {problem.text}
            </a>
          </li>
        ))}
      </ul>
    </Alert>
  );
}
