// Actions on the whole record: block / unblock (Art. 18 GDPR, with step-up) and merging a duplicate into it.
import { Button, Group, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  blockParticipantSchema,
  type Participant,
  type ParticipantSummary,
} from '../../../participants/participant.schema.ts';
import { useStepUp } from '../../components/step-up.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { intlLocale } from '../../lib/language.ts';
import { useSetBlocked } from './api/block-participant.ts';
import { listParticipants } from './api/list-participants.ts';
import { useMergeParticipant } from './api/merge-participant.ts';
import { formatBirthDate } from './birth-date.ts';
import { ChangeNotice, useChange } from './detail-parts.tsx';
import { listName } from './format.ts';
import { fieldId, useProblemTexts } from './form-parts.tsx';
import { checkWith, type FormProblem } from './form-problems.ts';

interface ActionProps {
  participant: Participant;
  onReload: () => Promise<unknown>;
  reloading: boolean;
}

/** Runs a change behind the step-up dialog; a cancelled dialog is no failure. */
function useGuardedChange(participant: Participant) {
  const stepUp = useStepUp();
  const change = useChange(participant);
  const run = (action: () => Promise<unknown>, doneText: string) => change.run(() => stepUp.run(action), doneText);
  return { ...change, run, dialog: stepUp.dialog };
}

export function BlockAction({ participant, onReload, reloading }: ActionProps) {
  const { t } = useTranslation();
  const setBlocked = useSetBlocked();
  const guarded = useGuardedChange(participant);
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const errors = useProblemTexts(problems);
  const blocked = participant.blockedAt !== null;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (setBlocked.isPending) return;
    if (blocked) {
      await guarded.run(
        () => setBlocked.mutateAsync({ id: participant.id, version: participant.version, reason: null }),
        t('participants.actions.unblocked'),
      );
      return;
    }
    const checked = checkWith(blockParticipantSchema, { reason });
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    setProblems([]);
    const outcome = await guarded.run(
      () => setBlocked.mutateAsync({ id: participant.id, version: participant.version, reason: checked.body.reason }),
      t('participants.actions.blocked'),
    );
    if (outcome.ok) setReason('');
    else setProblems(outcome.problems);
  };

  return (
    <Paper
      withBorder
      p="md"
      component="form"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-labelledby="block-title"
    >
      <Stack gap="sm">
        <Title order={3} size="h4" id="block-title">
          {t('participants.actions.blockTitle')}
        </Title>
        <Text size="sm">{t('participants.actions.blockIntro')}</Text>
        <ChangeNotice
          message={guarded.message}
          reloading={reloading}
          onReload={() => void onReload().then(() => guarded.setMessage(null))}
        />
        {blocked ? null : (
          <Textarea
            id={fieldId('block', 'reason')}
            label={t('participants.actions.blockReason')}
            required
            autosize
            minRows={2}
            maxRows={6}
            value={reason}
            error={errors.reason}
            onChange={(event) => setReason(event.currentTarget.value)}
          />
        )}
        <Group>
          <Button
            type="submit"
            variant={blocked ? 'default' : 'filled'}
            color={blocked ? undefined : 'red.9'}
            loading={setBlocked.isPending}
          >
            {blocked ? t('participants.actions.unblock') : t('participants.actions.block')}
          </Button>
        </Group>
      </Stack>
      {guarded.dialog}
    </Paper>
  );
}

export function MergeAction({ participant, onReload, reloading }: ActionProps) {
  const { t, i18n } = useTranslation();
  const merge = useMergeParticipant();
  const change = useChange(participant);
  const [number, setNumber] = useState('');
  const [found, setFound] = useState<ParticipantSummary | null>(null);
  const [searchProblem, setSearchProblem] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);

  const find = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFound(null);
    change.setMessage(null);
    const query = number.trim().toUpperCase();
    if (!/^TN-\d{6,}$/.test(query)) {
      setSearchProblem(t('participants.actions.mergeSearchHint'));
      return;
    }
    setSearchProblem(null);
    setSearching(true);
    try {
      const page = await listParticipants({ q: query }, undefined);
      const match = page.items.find((item) => item.number === query && item.id !== participant.id) ?? null;
      if (match) setFound(match);
      else setSearchProblem(t('participants.actions.mergeNotFound'));
    } catch {
      setSearchProblem(t('participants.errors.failed'));
    } finally {
      setSearching(false);
    }
  };

  const confirm = async () => {
    if (!found) return;
    const duplicate = found;
    const outcome = await change.run(
      () => merge.mutateAsync({ id: participant.id, version: participant.version, duplicateId: duplicate.id }),
      t('participants.actions.merged', { duplicate: duplicate.number }),
      {
        explain: (error) =>
          isProblem(error, 'conflict') && !participant.blockedAt && !duplicate.blocked && !duplicate.mergedIntoId
            ? t('participants.actions.mergeConflict')
            : null,
      },
    );
    if (outcome.ok) {
      setFound(null);
      setNumber('');
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="merge-title">
      <Stack gap="sm">
        <Title order={3} size="h4" id="merge-title">
          {t('participants.actions.mergeTitle')}
        </Title>
        <Text size="sm">{t('participants.actions.mergeIntro')}</Text>
        <ChangeNotice
          message={change.message}
          reloading={reloading}
          onReload={() => void onReload().then(() => change.setMessage(null))}
        />
        <form onSubmit={(event) => void find(event)} noValidate aria-labelledby="merge-title">
          <Group align="flex-end" gap="sm">
            <TextInput
              id={fieldId('merge', 'number')}
              label={t('participants.actions.mergeSearch')}
              description={t('participants.actions.mergeSearchHint')}
              autoComplete="off"
              spellCheck={false}
              value={number}
              error={searchProblem ?? undefined}
              onChange={(event) => setNumber(event.currentTarget.value)}
            />
            <Button type="submit" variant="default" loading={searching}>
              {t('participants.actions.mergeFind')}
            </Button>
          </Group>
        </form>
        {found ? (
          <Stack gap="sm">
            <Text role="status">
              {t('participants.actions.mergeCandidate', {
                number: found.number,
                name: listName(found),
                birthDate:
                  formatBirthDate(found.birthDate, found.birthDatePrecision, intlLocale(i18n.language)) ??
                  t('participants.unknown'),
              })}
            </Text>
            <Group>
              <Button color="red.9" onClick={() => void confirm()} loading={merge.isPending}>
                {t('participants.actions.mergeConfirm', { duplicate: found.number, survivor: participant.number })}
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  );
}
