// /funding/applications/new: a draft under the current version of a programme; the plan follows on its page.
import { Button, NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/form-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { fieldError } from '../funding-shared/funding-kit.tsx';
import { LoadFailed, useFailureText } from './application-kit.tsx';
import { newIdempotencyKey, useCreateApplication, useProgrammes } from './applications-api.ts';

export function ApplicationNewPage({ onCreated }: { onCreated: (applicationId: string) => void }) {
  const { t } = useTranslation();
  const programmes = useProgrammes();
  const create = useCreateApplication();
  const failure = useFailureText();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [programmeId, setProgrammeId] = useState('');
  const [title, setTitle] = useState('');
  const [periodFrom, setPeriodFrom] = useState('');
  const [periodTo, setPeriodTo] = useState('');
  const [summary, setSummary] = useState('');
  const [attempt, setAttempt] = useState(0);

  const chosen = programmeId || programmes.data?.items[0]?.id || '';

  function submit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    create.mutate(
      { body: { programmeId: chosen, title, periodFrom, periodTo, summary }, idempotencyKey },
      { onSuccess: (application) => onCreated(application.id) },
    );
  }

  return (
    <Stack gap="lg" maw={640}>
      <AnchorLink to="/funding/applications">{t('fundingApplications.detail.back')}</AnchorLink>
      <PageTitle>{t('fundingApplications.create.title')}</PageTitle>
      <Text>{t('fundingApplications.create.intro')}</Text>
      {programmes.isPending ? (
        <Loading text={t('fundingApplications.common.loading')} />
      ) : programmes.isError ? (
        <LoadFailed error={programmes.error} onRetry={() => void programmes.refetch()} />
      ) : programmes.data.items.length === 0 ? (
        <Text>{t('fundingApplications.create.noProgrammes')}</Text>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {create.isError ? <FormError key={attempt}>{failure(create.error)}</FormError> : null}
            <NativeSelect
              id="application-programme"
              label={t('fundingApplications.create.programme')}
              value={chosen}
              onChange={(event) => setProgrammeId(event.currentTarget.value)}
              data={programmes.data.items.map((p) => ({ value: p.id, label: `${p.name} (${p.shortName})` }))}
              error={fieldError(create.error, 'programmeId')}
              required
            />
            <TextInput
              id="application-title"
              label={t('fundingApplications.create.applicationTitle')}
              value={title}
              onChange={(event) => setTitle(event.currentTarget.value)}
              error={fieldError(create.error, 'title')}
              required
            />
            <TextInput
              type="date"
              id="application-period-from"
              label={t('fundingApplications.create.periodFrom')}
              value={periodFrom}
              onChange={(event) => setPeriodFrom(event.currentTarget.value)}
              error={fieldError(create.error, 'periodFrom')}
              required
            />
            <TextInput
              type="date"
              id="application-period-to"
              label={t('fundingApplications.create.periodTo')}
              value={periodTo}
              onChange={(event) => setPeriodTo(event.currentTarget.value)}
              error={fieldError(create.error, 'periodTo')}
              required
            />
            <Textarea
              id="application-summary"
              label={t('fundingApplications.create.summary')}
              value={summary}
              onChange={(event) => setSummary(event.currentTarget.value)}
              autosize
              minRows={3}
            />
            <Button type="submit" loading={create.isPending} style={{ alignSelf: 'start' }}>
              {t('fundingApplications.create.submit')}
            </Button>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
