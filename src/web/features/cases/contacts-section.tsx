import {
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../cases/case-work.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { useContacts, useCreateContact, type ContactFilters } from './api/contacts.ts';
import type { SectionProps } from './case-abilities.ts';
import { LoadFailed, useIdempotency, WorkForm } from './form-kit.tsx';
import { useWorkForm } from './use-work-form.ts';
import { formatDateTime } from './format.ts';
import {
  CONTACT_CHANNELS,
  contactProblems,
  newContactValues,
  toCreateContact,
  type ContactField,
  type ContactValues,
} from './work-values.ts';

const fieldId = (field: ContactField) => `contact-${field}`;

function ContactForm({ record }: SectionProps) {
  const { t } = useTranslation();
  const create = useCreateContact(record.id);
  const idempotency = useIdempotency();
  const coachingCase = record.strands.includes('FB1');
  const form = useWorkForm<ContactValues, ContactField>(() => newContactValues(new Date(), coachingCase));
  const { values, set, errorOf } = form;
  const labels: Record<ContactField, string> = {
    date: t('cases.contacts.date'),
    time: t('cases.contacts.time'),
    durationMinutes: t('cases.contacts.durationMinutes'),
    channel: t('cases.contacts.channel'),
    topic: t('cases.contacts.topic'),
    attendees: t('cases.contacts.attendees'),
    coaching: t('cases.contacts.coaching'),
    notes: t('cases.contacts.notes'),
  };

  const submit = () =>
    form.submit({
      checked: toCreateContact(values),
      problemsOf: contactProblems,
      fieldCodes: ['validation_failed', 'unprocessable'],
      send: async (body) => {
        await idempotency.send(body, (idempotencyKey) => create.mutateAsync({ body, idempotencyKey }));
        form.setValues(newContactValues(new Date(), coachingCase));
        return t('cases.contacts.created');
      },
    });

  return (
    <Paper withBorder p="md">
      <WorkForm
        id="contact-form"
        title={t('cases.contacts.add')}
        problems={form.summary((field) => labels[field], fieldId)}
        notice={form.notice}
        round={form.round}
        onSubmit={() => void submit()}
        submitLabel={t('cases.contacts.submit')}
        busy={create.isPending}
      >
        <Group align="flex-start" gap="md">
          <TextInput
            id={fieldId('date')}
            type="date"
            label={labels.date}
            required
            value={values.date}
            error={errorOf('date')}
            onChange={(event) => set('date', event.currentTarget.value)}
          />
          <TextInput
            id={fieldId('time')}
            type="time"
            label={labels.time}
            required
            value={values.time}
            error={errorOf('time')}
            onChange={(event) => set('time', event.currentTarget.value)}
          />
          <TextInput
            id={fieldId('durationMinutes')}
            label={labels.durationMinutes}
            inputMode="numeric"
            value={values.durationMinutes}
            error={errorOf('durationMinutes')}
            onChange={(event) => set('durationMinutes', event.currentTarget.value)}
            maw={200}
          />
          <NativeSelect
            id={fieldId('channel')}
            label={labels.channel}
            required
            value={values.channel}
            error={errorOf('channel')}
            onChange={(event) =>
              set('channel', CONTACT_CHANNELS.find((channel) => channel === event.currentTarget.value) ?? '')
            }
            data={CONTACT_CHANNELS.map((channel) => ({ value: channel, label: t(`cases.channels.${channel}`) }))}
          />
        </Group>
        <TextInput
          id={fieldId('topic')}
          label={labels.topic}
          required
          value={values.topic}
          error={errorOf('topic')}
          onChange={(event) => set('topic', event.currentTarget.value)}
        />
        <TextInput
          id={fieldId('attendees')}
          label={labels.attendees}
          description={t('cases.contacts.attendeesHint')}
          value={values.attendees}
          error={errorOf('attendees')}
          onChange={(event) => set('attendees', event.currentTarget.value)}
        />
        {coachingCase ? (
          <Checkbox
            id={fieldId('coaching')}
            label={labels.coaching}
            checked={values.coaching}
            error={errorOf('coaching')}
            onChange={(event) => set('coaching', event.currentTarget.checked)}
          />
        ) : null}
        <Textarea
          id={fieldId('notes')}
          label={labels.notes}
          autosize
          minRows={3}
          maxRows={12}
          value={values.notes}
          error={errorOf('notes')}
          onChange={(event) => set('notes', event.currentTarget.value)}
        />
      </WorkForm>
    </Paper>
  );
}

const rowId = (contact: Contact) => `contact-row-${contact.id}`;

function ContactList({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const [filters, setFilters] = useState<ContactFilters>({});
  const list = useContacts(caseId, filters);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  // After "load more", keyboard users continue at the first contact that was added.
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  useEffect(() => {
    const element = focusTarget ? document.getElementById(focusTarget) : null;
    if (!element) return;
    element.focus();
    setFocusTarget(null);
  }, [focusTarget, items.length]);
  const loadMore = async () => {
    const before = items.length;
    const next = await list.fetchNextPage();
    const first = next.data?.pages.flatMap((page) => page.items)[before];
    if (first) setFocusTarget(rowId(first));
  };

  return (
    <section aria-labelledby="contacts-list-title">
      <Stack gap="sm">
        <Title order={3} id="contacts-list-title">
          {t('cases.contacts.caption')}
        </Title>
        <Group align="flex-end" gap="md">
          <NativeSelect
            id="contacts-filter-channel"
            label={t('cases.contacts.filterChannel')}
            value={filters.channel ?? ''}
            onChange={(event) => {
              const channel = CONTACT_CHANNELS.find((item) => item === event.currentTarget.value);
              setFilters((current) => ({ ...current, channel }));
            }}
            data={[
              { value: '', label: t('cases.contacts.allChannels') },
              ...CONTACT_CHANNELS.map((channel) => ({ value: channel, label: t(`cases.channels.${channel}`) })),
            ]}
          />
          <Checkbox
            id="contacts-filter-coaching"
            label={t('cases.contacts.filterCoaching')}
            checked={filters.coaching === true}
            onChange={(event) => {
              const coaching = event.currentTarget.checked ? true : undefined;
              setFilters((current) => ({ ...current, coaching }));
            }}
            mb={8}
          />
        </Group>
        <div role="status">
          {list.isPending ? <Loading text={t('cases.common.loading')} /> : null}
          {list.data && !list.isError ? (
            <Text>
              {items.length === 0 ? t('cases.contacts.none') : t('cases.contacts.count', { count: items.length })}
              {list.hasNextPage ? ` ${t('cases.common.moreAvailable')}` : ''}
            </Text>
          ) : null}
        </div>
        {list.isError ? (
          <LoadFailed error={list.error} failed={t('cases.contacts.failed')} onRetry={() => void list.refetch()} />
        ) : null}
        {items.length > 0 ? (
          <Table.ScrollContainer minWidth={760}>
            <Table withTableBorder striped verticalSpacing="xs" captionSide="top">
              <Table.Caption>{t('cases.contacts.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('cases.contacts.occurredAt')}</Table.Th>
                  <Table.Th scope="col">{t('cases.contacts.topic')}</Table.Th>
                  <Table.Th scope="col">{t('cases.contacts.channel')}</Table.Th>
                  <Table.Th scope="col">{t('cases.contacts.durationMinutes')}</Table.Th>
                  <Table.Th scope="col">{t('cases.contacts.attendees')}</Table.Th>
                  <Table.Th scope="col">{t('cases.contacts.notes')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((contact) => (
                  <Table.Tr key={contact.id}>
                    <Table.Th scope="row" fw={400} id={rowId(contact)} tabIndex={-1}>
                      <time dateTime={contact.occurredAt}>{formatDateTime(contact.occurredAt, i18n.language)}</time>
                    </Table.Th>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      {contact.topic}
                      {contact.coaching ? (
                        <Text size="sm" fw={700}>
                          {t('cases.contacts.coaching')}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{t(`cases.channels.${contact.channel}`)}</Table.Td>
                    <Table.Td>
                      {contact.durationMinutes === null
                        ? '–'
                        : t('cases.common.minutes', { count: contact.durationMinutes })}
                    </Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{contact.attendees ?? '–'}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      {contact.notes ?? '–'}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        {list.hasNextPage ? (
          <Group>
            <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void loadMore()}>
              {t('cases.common.loadMore')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </section>
  );
}

/** The contacts log (FB1 coaching sessions are contacts marked as such): recording one, and the list. */
export function ContactsSection(props: SectionProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <Title order={2} id="case-section-title">
        {t('cases.contacts.title')}
      </Title>
      {props.abilities.work ? <ContactForm {...props} /> : null}
      <ContactList caseId={props.record.id} />
    </Stack>
  );
}
