import { Alert, Button, Text } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem } from '../../lib/api-request.ts';

// The demo badge: dark enough for 4.5:1 on white and on striped rows (orange.9 reaches only 4.3:1).
export const DEMO_COLOR = 'grape.9';

/** A load that failed: refusals are final; other failures offer to try again. */
export function LoadFailed({
  error,
  forbidden,
  notFound,
  failed,
  onRetry,
}: {
  error: Error;
  forbidden: string;
  notFound?: string;
  failed: string;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  const text = isProblem(error, 'forbidden')
    ? forbidden
    : notFound && (isProblem(error, 'not_found') || isProblem(error, 'validation_failed'))
      ? notFound
      : failed;
  const final = isProblem(error) && error.status < 500;
  return (
    <Alert color="red.9" variant="outline" role="alert">
      <Text mb={final ? 0 : 'sm'}>{text}</Text>
      {final ? null : (
        <Button variant="default" onClick={onRetry}>
          {t('organisations.retry')}
        </Button>
      )}
    </Alert>
  );
}

/**
 * The outcome of an action (saved, created). It takes focus when it appears, so that it is read out
 * and the next Tab continues from here; give it a new `key` per outcome.
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
