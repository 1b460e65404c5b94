// Opening a case for a participant: team, dates, strands, intake notes and — when the person is outside the
// regular age — the documented justification of the exception. After opening, the case page takes over.
import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useRouter } from '@tanstack/react-router';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createCaseSchema } from '../../../cases/case.schema.ts';
import { strands as allStrands, type Strand } from '../../../participants/participant.codes.ts';
import type { Participant } from '../../../participants/participant.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { useMe } from '../../lib/me.ts';
import { useEligibilities } from './api/get-eligibility.ts';
import { useTeams } from './api/list-teams.ts';
import { newIdempotencyKey } from './api/paths.ts';
import { useOpenCase } from './api/participant-cases.ts';
import { casePath } from './case-link.tsx';
import { excludedBeyondAge, needsAgeException } from './eligibility-text.ts';
import { fieldId, ProblemSummary, useProblemTexts } from './form-parts.tsx';
import { todayIso } from './format.ts';
import { checkWith, serverProblems, type FormProblem } from './form-problems.ts';

const PREFIX = 'open-case';

interface Values {
  teamId: string;
  openedOn: string;
  intakeOn: string;
  intakeNotes: string;
  strands: Strand[];
  exceptionJustification: string;
  restricted: boolean;
}

const LABEL_KEYS = {
  teamId: 'participants.openCase.team',
  openedOn: 'participants.openCase.openedOn',
  intakeOn: 'participants.openCase.intakeOn',
  intakeNotes: 'participants.openCase.intakeNotes',
  strands: 'participants.fields.strands',
  exceptionJustification: 'participants.openCase.exceptionJustification',
  restricted: 'participants.openCase.restricted',
} as const;

export function OpenCaseForm({
  participant,
  initialStrands,
  onLater,
}: {
  participant: Participant;
  initialStrands: readonly Strand[];
  /** "Open later": what the page offers instead (e.g. go to the record). */
  onLater?: { label: string; run: () => void };
}) {
  const { t } = useTranslation();
  const router = useRouter();
  const me = useMe();
  const teams = useTeams(me.data?.activeMunicipalityId ?? null);
  const open = useOpenCase();
  const [values, setValues] = useState<Values>(() => ({
    teamId: '',
    openedOn: todayIso(),
    intakeOn: todayIso(),
    intakeNotes: '',
    strands: initialStrands.length > 0 ? [...initialStrands] : ['FB1'],
    exceptionJustification: '',
    restricted: participant.restricted,
  }));
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  // One key per content of the request: a retry after a lost answer sends the same one.
  const idempotency = useRef<{ body: string; key: string } | null>(null);
  const errors = useProblemTexts(problems);
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  const decisions = useEligibilities(participant.id, values.strands);
  const loaded = decisions.map((result) => result.data).filter((data) => data !== undefined);
  const exceptionNeeded = needsAgeException(loaded);
  const excluded = excludedBeyondAge(loaded);

  // Only a team exists, so it is preselected: one choice less.
  const teamList = teams.data ?? [];
  const onlyTeam = teamList.length === 1 ? teamList[0] : undefined;
  const teamId = values.teamId || onlyTeam?.id || '';

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (open.isPending) return;
    setFailure(null);
    setAttempt((count) => count + 1);
    const checked = checkWith(createCaseSchema, {
      programme: 'diaa',
      teamId,
      openedOn: values.openedOn,
      intakeOn: values.intakeOn || null,
      intakeNotes: values.intakeNotes,
      strands: values.strands,
      exceptionJustification: values.exceptionJustification,
      restricted: values.restricted,
    });
    // The server would refuse the case (422) without it; say so at the field instead.
    const missingJustification: FormProblem[] =
      exceptionNeeded && values.exceptionJustification.trim() === ''
        ? [{ field: 'exceptionJustification', message: 'required' }]
        : [];
    if (!checked.ok || missingJustification.length > 0) {
      setProblems([...(checked.ok ? [] : checked.problems), ...missingJustification]);
      return;
    }
    setProblems([]);
    const serialised = JSON.stringify(checked.body);
    if (idempotency.current?.body !== serialised) idempotency.current = { body: serialised, key: newIdempotencyKey() };
    try {
      const opened = await open.mutateAsync({
        participantId: participant.id,
        body: checked.body,
        idempotencyKey: idempotency.current.key,
      });
      await router.navigate({ href: casePath(opened.id) });
    } catch (error) {
      if (isProblem(error, 'validation_failed') && serverProblems(error.fieldErrors).length > 0) {
        setProblems(serverProblems(error.fieldErrors));
      } else if (isProblem(error, 'unprocessable')) {
        setFailure(t('participants.openCase.notEligible'));
      } else if (isProblem(error, 'conflict')) {
        setFailure(
          participant.blockedAt
            ? t('participants.errors.blocked')
            : participant.mergedIntoId
              ? t('participants.errors.merged')
              : t('participants.openCase.alreadyOpen'),
        );
      } else if (isProblem(error, 'forbidden')) {
        setFailure(t('participants.errors.forbidden'));
      } else {
        setFailure(t('participants.errors.failed'));
      }
    }
  };

  if (teams.isPending && me.data?.activeMunicipalityId)
    return <Loading text={t('participants.openCase.teamsLoading')} />;

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md">
        <Text>{t('participants.openCase.intro')}</Text>
        {problems.length > 0 ? (
          <ProblemSummary
            key={attempt}
            problems={problems}
            prefix={PREFIX}
            labelOf={(field) => t(LABEL_KEYS[field as keyof typeof LABEL_KEYS] ?? 'participants.fields.name')}
          />
        ) : null}
        {failure ? <FormError key={attempt}>{failure}</FormError> : null}
        {teams.isError ? (
          <Alert color="red.9" variant="outline" role="alert">
            {t('participants.errors.loadFailed')}
          </Alert>
        ) : null}
        {teams.data && teams.data.length === 0 ? (
          <Alert color="blue.9" variant="outline">
            {t('participants.openCase.noTeams')}
          </Alert>
        ) : null}
        <NativeSelect
          id={fieldId(PREFIX, 'teamId')}
          label={t('participants.openCase.team')}
          required
          value={teamId}
          error={errors.teamId}
          onChange={(event) => set('teamId', event.currentTarget.value)}
          data={[
            { value: '', label: t('participants.form.choose') },
            ...teamList.map((team) => ({ value: team.id, label: team.name })),
          ]}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            id={fieldId(PREFIX, 'openedOn')}
            type="date"
            label={t('participants.openCase.openedOn')}
            required
            value={values.openedOn}
            error={errors.openedOn}
            onChange={(event) => set('openedOn', event.currentTarget.value)}
          />
          <TextInput
            id={fieldId(PREFIX, 'intakeOn')}
            type="date"
            label={t('participants.openCase.intakeOn')}
            value={values.intakeOn}
            error={errors.intakeOn}
            onChange={(event) => set('intakeOn', event.currentTarget.value)}
          />
        </SimpleGrid>
        <Checkbox.Group
          label={t('participants.fields.strands')}
          withAsterisk
          value={values.strands}
          onChange={(next) =>
            set(
              'strands',
              allStrands.filter((strand) => next.includes(strand)),
            )
          }
          error={errors.strands}
        >
          <Stack gap="xs" mt="xs">
            {allStrands.map((strand, index) => (
              <Checkbox
                key={strand}
                id={index === 0 ? fieldId(PREFIX, 'strands') : undefined}
                value={strand}
                label={t(`participants.strandNames.${strand}`)}
              />
            ))}
          </Stack>
        </Checkbox.Group>
        {excluded ? (
          <Alert color="red.9" variant="outline">
            {t('participants.openCase.notEligible')}
          </Alert>
        ) : null}
        {exceptionNeeded ? (
          <Alert color="grape.9" variant="outline">
            {t('participants.openCase.exceptionNeeded')}
          </Alert>
        ) : null}
        <Textarea
          id={fieldId(PREFIX, 'exceptionJustification')}
          label={t('participants.openCase.exceptionJustification')}
          description={t('participants.openCase.exceptionHint')}
          required={exceptionNeeded}
          autosize
          minRows={2}
          maxRows={8}
          value={values.exceptionJustification}
          error={errors.exceptionJustification}
          onChange={(event) => set('exceptionJustification', event.currentTarget.value)}
        />
        <Textarea
          id={fieldId(PREFIX, 'intakeNotes')}
          label={t('participants.openCase.intakeNotes')}
          autosize
          minRows={3}
          maxRows={12}
          value={values.intakeNotes}
          error={errors.intakeNotes}
          onChange={(event) => set('intakeNotes', event.currentTarget.value)}
        />
        <Checkbox
          id={fieldId(PREFIX, 'restricted')}
          label={t('participants.openCase.restricted')}
          checked={values.restricted}
          onChange={(event) => set('restricted', event.currentTarget.checked)}
        />
        <Group>
          <Button type="submit" loading={open.isPending}>
            {t('participants.openCase.submit')}
          </Button>
          {onLater ? (
            <Button type="button" variant="default" onClick={onLater.run}>
              {onLater.label}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </form>
  );
}
