import { Button, DataList, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/loading.tsx';
import { useConferences, useCreateConference } from './api/conferences.ts';
import type { SectionProps } from './case-abilities.ts';
import { LoadFailed, useIdempotency, WorkForm } from './form-kit.tsx';
import { useWorkForm } from './use-work-form.ts';
import { formatDate, localDateOf } from './format.ts';
import {
  conferenceProblems,
  newConferenceValues,
  toCreateConference,
  type ConferenceField,
  type ConferenceValues,
} from './work-values.ts';

function ConferenceForm({ record }: SectionProps) {
  const { t } = useTranslation();
  const create = useCreateConference(record.id);
  const idempotency = useIdempotency();
  const form = useWorkForm<ConferenceValues, ConferenceField>(() => newConferenceValues(localDateOf(new Date())));
  const { values, set, errorOf } = form;
  const labels: Record<ConferenceField, string> = {
    heldOn: t('cases.conferences.heldOn'),
    attendees: t('cases.conferences.attendees'),
    findings: t('cases.conferences.findings'),
    agreements: t('cases.conferences.agreements'),
  };

  const submit = () =>
    form.submit({
      checked: toCreateConference(values),
      problemsOf: conferenceProblems,
      send: async (body) => {
        await idempotency.send(body, (idempotencyKey) => create.mutateAsync({ body, idempotencyKey }));
        form.setValues(newConferenceValues(localDateOf(new Date())));
        return t('cases.conferences.created');
      },
    });

  const text = (field: 'findings' | 'agreements') => (
    <Textarea
      id={`conference-${field}`}
      label={labels[field]}
      autosize
      minRows={3}
      maxRows={12}
      value={values[field]}
      error={errorOf(field)}
      onChange={(event) => set(field, event.currentTarget.value)}
    />
  );

  return (
    <Paper withBorder p="md">
      <WorkForm
        id="conference-form"
        title={t('cases.conferences.add')}
        problems={form.summary(
          (field) => labels[field],
          (field) => `conference-${field}`,
        )}
        notice={form.notice}
        round={form.round}
        onSubmit={() => void submit()}
        submitLabel={t('cases.conferences.submit')}
        busy={create.isPending}
      >
        <TextInput
          id="conference-heldOn"
          type="date"
          label={labels.heldOn}
          required
          value={values.heldOn}
          error={errorOf('heldOn')}
          onChange={(event) => set('heldOn', event.currentTarget.value)}
          maw={240}
        />
        <TextInput
          id="conference-attendees"
          label={labels.attendees}
          description={t('cases.conferences.attendeesHint')}
          required
          value={values.attendees}
          error={errorOf('attendees')}
          onChange={(event) => set('attendees', event.currentTarget.value)}
        />
        {text('findings')}
        {text('agreements')}
      </WorkForm>
    </Paper>
  );
}

function ConferenceList({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const list = useConferences(caseId);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="conferences-list-title">
      <Stack gap="sm">
        <Title order={3} id="conferences-list-title">
          {t('cases.conferences.caption')}
        </Title>
        {list.isPending ? <Loading text={t('cases.common.loading')} /> : null}
        {list.isError && !list.data ? (
          <LoadFailed error={list.error} failed={t('cases.conferences.failed')} onRetry={() => void list.refetch()} />
        ) : null}
        {list.data && items.length === 0 ? <Text>{t('cases.conferences.none')}</Text> : null}
        {items.map((item) => (
          <Paper key={item.id} withBorder p="md" component="article" aria-labelledby={`conference-${item.id}-title`}>
            <Title order={4} id={`conference-${item.id}-title`} mb="xs">
              {t('cases.conferences.heading', { date: formatDate(item.heldOn, i18n.language) })}
            </Title>
            <DataList orientation="vertical" withDivider>
              {(
                [
                  ['attendees', item.attendees],
                  ['findings', item.findings],
                  ['agreements', item.agreements],
                ] as const
              ).map(([field, value]) => (
                <DataList.Item key={field}>
                  <DataList.ItemLabel>{t(`cases.conferences.${field}`)}</DataList.ItemLabel>
                  <DataList.ItemValue style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {value ?? '–'}
                  </DataList.ItemValue>
                </DataList.Item>
              ))}
            </DataList>
          </Paper>
        ))}
        {list.hasNextPage ? (
          <Group>
            <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {t('cases.common.loadMore')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </section>
  );
}

/** Case conferences: who took part, findings and agreements. */
export function ConferencesSection(props: SectionProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <Title order={2} id="case-section-title">
        {t('cases.conferences.title')}
      </Title>
      {props.abilities.work ? <ConferenceForm {...props} /> : null}
      <ConferenceList caseId={props.record.id} />
    </Stack>
  );
}
