// Messages shared by the participant pages: load failures, outcomes that take focus, the signed-out hint.
import { Alert, Button, Text } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem } from '../../lib/api-request.ts';

/** A load that failed: refusals and unknown records are final; other failures offer to try again. */
export function LoadFailed({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const { t } = useTranslation();
  const text = isProblem(error, 'forbidden')
    ? t('participants.errors.forbidden')
    : isProblem(error, 'not_found') || isProblem(error, 'validation_failed')
      ? t('participants.errors.notFound')
      : t('participants.errors.loadFailed');
  const final = isProblem(error) && error.status < 500;
  return (
    <Alert color="red.9" variant="outline" role="alert">
      <Text mb={final ? 0 : 'sm'}>{text}</Text>
      {final ? null : (
        <Button variant="default" onClick={onRetry}>
          {t('participants.retry')}
        </Button>
      )}
    </Alert>
  );
}

/**
 * The outcome of an action (saved, created). It takes focus when it appears, so that it is read out and the
 * next Tab continues from here; give it a new `key` per outcome.
 */
export function Outcome({ children, title }: { children: ReactNode; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Alert ref={ref} tabIndex={-1} color="teal.9" variant="outline" role="status" title={title}>
      {children}
    </Alert>
  );
}
