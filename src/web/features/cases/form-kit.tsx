// The pieces every form and list of the case page shares: load failures, outcomes that take focus, the
// problem summary with links to the fields, the notice for a stale version (412), and Idempotency-Keys.
import { Alert, Button, Group, Stack, Text, Title, type TitleOrder } from '@mantine/core';
import { useCallback, useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/form-error.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { newIdempotencyKey } from './api/case-keys.ts';
import type { ProblemKey } from './form-problems.ts';

/** A load that failed: refusals are final; other failures offer to try again. */
export function LoadFailed({
  error,
  failed,
  forbidden,
  notFound,
  onRetry,
}: {
  error: Error;
  failed: string;
  forbidden?: string;
  notFound?: string;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  const text =
    forbidden && isProblem(error, 'forbidden')
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
          {t('cases.common.retry')}
        </Button>
      )}
    </Alert>
  );
}

/** The outcome of an action (saved, created). Takes focus when it appears; give it a new `key` per outcome. */
export function Outcome({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Alert ref={ref} tabIndex={-1} color="teal.9" variant="outline" role="status">
      {children}
    </Alert>
  );
}

/** Someone changed the record in between (412): nothing was saved; reloading shows the current version. */
export function StaleNotice({
  text,
  onReload,
  reloading,
}: {
  text?: string;
  onReload: () => void;
  reloading: boolean;
}) {
  const { t } = useTranslation();
  return (
    <FormError title={t('cases.common.stale.title')}>
      <Text mb="sm">{text ?? t('cases.common.stale.text')}</Text>
      <Button variant="default" onClick={onReload} loading={reloading}>
        {t('cases.common.stale.reload')}
      </Button>
    </FormError>
  );
}

/** The problems of a submitted form with links to their fields; focused when it appears (new `key` per attempt). */
export function ProblemSummary({ problems }: { problems: readonly { id: string; text: string }[] }) {
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

export function useProblemText() {
  const { t } = useTranslation();
  return (key: ProblemKey) => t(`cases.common.errors.${key}`);
}

/** What a failed change means for the user, for failures that are not about one field. */
export function useFailureText() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (isProblem(error, 'forbidden')) return t('cases.common.errors.forbidden');
    if (isProblem(error, 'not_found')) return t('cases.common.errors.notFound');
    if (isProblem(error, 'conflict') || isProblem(error, 'unprocessable')) {
      // The server's own sentence says which state stands in the way (e.g. "the case has been exited").
      return error.detail
        ? `${t('cases.common.errors.conflict')} (${error.detail})`
        : t('cases.common.errors.conflict');
    }
    return t('cases.common.errors.failed');
  };
}

/**
 * An Idempotency-Key per request body: sending the same body again (a retry after a lost answer) reuses the
 * key, so the server answers with the stored result instead of creating twice; another body gets a new key.
 */
export function useIdempotency() {
  const last = useRef<{ body: string; key: string } | null>(null);
  const keyFor = useCallback((body: unknown): string => {
    const serialised = JSON.stringify(body);
    if (last.current?.body !== serialised) last.current = { body: serialised, key: newIdempotencyKey() };
    return last.current.key;
  }, []);
  /** Sends a creation with the body's key; after a success the next body gets a new key. */
  const send = useCallback(
    async <R,>(body: unknown, request: (idempotencyKey: string) => Promise<R>): Promise<R> => {
      const result = await request(keyFor(body));
      last.current = null;
      return result;
    },
    [keyFor],
  );
  return { send };
}

export type Notice =
  | { kind: 'success'; text: string; round: number }
  | { kind: 'error'; text: string; round: number }
  | { kind: 'stale'; round: number };

/**
 * A form of the case page: heading, problem summary, the outcome of the last attempt, fields, submit.
 * `round` counts attempts, so that a repeated message is announced and focused again.
 */
export function WorkForm({
  id,
  title,
  order = 3,
  problems,
  notice,
  round,
  onSubmit,
  onReload,
  reloading = false,
  staleText,
  submitLabel,
  busy,
  canSubmit = true,
  extraActions,
  children,
}: {
  id: string;
  title: string;
  order?: TitleOrder;
  problems: readonly { id: string; text: string }[];
  notice: Notice | null;
  round: number;
  onSubmit: () => void;
  onReload?: () => void;
  reloading?: boolean;
  staleText?: string;
  submitLabel: string;
  busy: boolean;
  /** False when there is nothing to send (e.g. nobody to choose): no submit button then. */
  canSubmit?: boolean;
  extraActions?: ReactNode;
  children: ReactNode;
}) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!busy && canSubmit) onSubmit();
  };
  return (
    <form id={id} onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <Stack gap="md">
        <Title order={order} size={order === 2 ? 'h3' : 'h4'} id={`${id}-title`}>
          {title}
        </Title>
        {problems.length > 0 ? <ProblemSummary key={`p-${round}`} problems={problems} /> : null}
        {notice?.kind === 'success' ? <Outcome key={`s-${notice.round}`}>{notice.text}</Outcome> : null}
        {notice?.kind === 'error' ? <FormError key={`e-${notice.round}`}>{notice.text}</FormError> : null}
        {notice?.kind === 'stale' && onReload ? (
          <StaleNotice key={`t-${notice.round}`} text={staleText} onReload={onReload} reloading={reloading} />
        ) : null}
        {children}
        {canSubmit || extraActions ? (
          <Group>
            {canSubmit ? (
              <Button type="submit" loading={busy}>
                {submitLabel}
              </Button>
            ) : null}
            {extraActions}
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}
