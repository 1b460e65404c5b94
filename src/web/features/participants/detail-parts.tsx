// Building blocks of the participant page: a headed section, a fact list, the message of a change and the
// handling of a change's outcome (saved, stale version, refused) shared by every form on the page.
import { Alert, Button, DataList, Paper, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Participant } from '../../../participants/participant.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { StepUpCancelled } from '../../components/step-up.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { Outcome } from './feedback.tsx';
import { serverProblems, type FormProblem } from './form-problems.ts';

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`${id}-title`} id={id}>
      <Title order={2} id={`${id}-title`} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

export function Facts({ children }: { children: ReactNode }) {
  // Labels above their values on small screens (400 % zoom): side by side they would not fit.
  const narrow = useMediaQuery('(max-width: 48em)') ?? false;
  return (
    <DataList labelWidth="16rem" orientation={narrow ? 'vertical' : 'horizontal'} withDivider>
      {children}
    </DataList>
  );
}

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue style={{ overflowWrap: 'anywhere' }}>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

/** What a change came to, shown where it was made. */
export type ChangeMessage =
  | { kind: 'done'; text: string; round: number }
  | { kind: 'failed'; text: string; round: number }
  | { kind: 'stale'; round: number };

export function ChangeNotice({
  message,
  onReload,
  reloading,
}: {
  message: ChangeMessage | null;
  onReload: () => void;
  reloading: boolean;
}) {
  const { t } = useTranslation();
  if (!message) return null;
  if (message.kind === 'done') return <Outcome key={message.round}>{message.text}</Outcome>;
  if (message.kind === 'failed') return <FormError key={message.round}>{message.text}</FormError>;
  return (
    <FormError key={message.round} title={t('participants.detail.staleTitle')}>
      <Text mb="sm">{t('participants.detail.stale')}</Text>
      <Button variant="default" onClick={onReload} loading={reloading}>
        {t('participants.detail.reload')}
      </Button>
    </FormError>
  );
}

/** The text for a refused change (not a stale version: that one offers to reload). */
export function useRefusalText() {
  const { t } = useTranslation();
  return (error: unknown, participant: Pick<Participant, 'blockedAt' | 'mergedIntoId'>): string => {
    if (isProblem(error, 'forbidden')) return t('participants.errors.forbidden');
    if (isProblem(error, 'not_found')) return t('participants.errors.notFound');
    if (isProblem(error, 'too_many_requests')) return t('participants.errors.throttled');
    if (isProblem(error, 'conflict')) {
      if (participant.blockedAt) return t('participants.errors.blocked');
      if (participant.mergedIntoId) return t('participants.errors.merged');
      return t('participants.errors.conflict');
    }
    return t('participants.errors.failed');
  };
}

/**
 * Runs a change of the record and reports it: problems at fields go back to the form; a stale version (412)
 * offers to reload; other refusals are said in words. Returns whether the change was made.
 */
export function useChange(participant: Participant) {
  const refusal = useRefusalText();
  const [message, setMessage] = useState<ChangeMessage | null>(null);
  const [round, setRound] = useState(0);
  const run = async (
    change: () => Promise<unknown>,
    /** Said when it worked; null: the caller says it. */
    doneText: string | null,
    options: { explain?: (error: unknown) => string | null } = {},
  ): Promise<{ ok: true } | { ok: false; problems: FormProblem[] }> => {
    const next = round + 1;
    setRound(next);
    setMessage(null);
    try {
      await change();
      setMessage(doneText === null ? null : { kind: 'done', text: doneText, round: next });
      return { ok: true };
    } catch (error) {
      // The user closed the step-up dialog: nothing happened, nothing to report.
      if (error instanceof StepUpCancelled) return { ok: false, problems: [] };
      const explained = options.explain?.(error);
      if (explained) {
        setMessage({ kind: 'failed', text: explained, round: next });
        return { ok: false, problems: [] };
      }
      if (isProblem(error, 'precondition_failed')) {
        setMessage({ kind: 'stale', round: next });
        return { ok: false, problems: [] };
      }
      if (
        (isProblem(error, 'validation_failed') || isProblem(error, 'unprocessable')) &&
        serverProblems(error.fieldErrors).length > 0
      ) {
        return { ok: false, problems: serverProblems(error.fieldErrors) };
      }
      setMessage({ kind: 'failed', text: refusal(error, participant), round: next });
      return { ok: false, problems: [] };
    }
  };
  return { message, setMessage, run, round };
}

/** A short note that the record cannot be changed, and why. */
export function ReadOnlyNote({ participant }: { participant: Participant }) {
  const { t } = useTranslation();
  if (!participant.blockedAt && !participant.mergedIntoId) return null;
  return (
    <Alert color="gray.8" variant="outline">
      {participant.blockedAt ? t('participants.errors.blocked') : t('participants.errors.merged')}
    </Alert>
  );
}
