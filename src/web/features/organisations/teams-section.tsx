import { Button, Group, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../organisations/organisation.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { useCreateTeam } from './api/create-team.ts';
import { useTeams } from './api/list-teams.ts';
import { LoadFailed, Outcome } from './feedback.tsx';
import { Loading } from '../../components/loading.tsx';
import { checkTeamName, serverTeamNameProblem, type TeamNameProblem } from './team-form.ts';

function CreateTeamForm({ municipalityId }: { municipalityId: string }) {
  const { t } = useTranslation();
  const create = useCreateTeam(municipalityId);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<TeamNameProblem | null>(null);
  const [failure, setFailure] = useState<{ text: string; attempt: number } | null>(null);
  const [created, setCreated] = useState<{ name: string; attempt: number } | null>(null);
  const [attempt, setAttempt] = useState(0);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (create.isPending) return;
    const next = attempt + 1;
    setAttempt(next);
    setFailure(null);
    setCreated(null);
    const checked = checkTeamName(name);
    if (!checked.ok) {
      setProblem(checked.problem);
      setFailure({ text: t(`teams.errors.${checked.problem}`), attempt: next });
      return;
    }
    try {
      const team = await create.mutateAsync({ name: checked.name });
      setProblem(null);
      setName('');
      setCreated({ name: team.name, attempt: next });
    } catch (error) {
      const atField = isProblem(error) ? serverTeamNameProblem(error.fieldErrors) : null;
      setProblem(atField);
      setFailure({
        text: atField
          ? t(`teams.errors.${atField}`)
          : isProblem(error, 'forbidden')
            ? t('teams.errors.forbidden')
            : t('teams.errors.failed'),
        attempt: next,
      });
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-labelledby="team-create-title">
      <Stack gap="sm">
        <Title order={3} id="team-create-title" size="h4">
          {t('teams.create.title')}
        </Title>
        {failure ? <FormError key={failure.attempt}>{failure.text}</FormError> : null}
        {created ? <Outcome key={created.attempt}>{t('teams.create.created', { name: created.name })}</Outcome> : null}
        <Group align="flex-end" gap="md">
          <TextInput
            id="team-name"
            label={t('teams.create.name')}
            description={t('teams.create.nameHint')}
            required
            autoComplete="off"
            value={name}
            error={problem ? t(`teams.errors.${problem}`) : undefined}
            onChange={(event) => setName(event.currentTarget.value)}
            style={{ flex: '1 1 16rem' }}
          />
          <Button type="submit" loading={create.isPending}>
            {t('teams.create.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The teams of a municipality, and for its administrators a form to add one. */
export function TeamsSection({ municipality, canCreate }: { municipality: Organisation; canCreate: boolean }) {
  const { t } = useTranslation();
  const teams = useTeams(municipality.id);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="teams-title">
      <Stack gap="md">
        <Title order={2} id="teams-title">
          {t('teams.title')}
        </Title>
        <Text>{t('teams.intro')}</Text>
        {teams.isPending ? <Loading text={t('teams.loading')} /> : null}
        {teams.isError ? (
          <LoadFailed
            error={teams.error}
            forbidden={t('teams.forbidden')}
            failed={t('teams.failed')}
            onRetry={() => void teams.refetch()}
          />
        ) : null}
        {teams.data ? (
          teams.data.length === 0 ? (
            <Text>{t('teams.empty')}</Text>
          ) : (
            <List aria-label={t('teams.listLabel', { name: municipality.name })} spacing={4}>
              {teams.data.map((team) => (
                <List.Item key={team.id}>{team.name}</List.Item>
              ))}
            </List>
          )
        ) : null}
        {canCreate ? <CreateTeamForm municipalityId={municipality.id} /> : null}
      </Stack>
    </Paper>
  );
}
