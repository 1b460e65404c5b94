// A provider's contact persons: the list for everyone who reads the catalogue; adding, changing and removing
// them for the provider's own staff and the managing office (`canEdit`, decided by the server).
import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProviderContact } from '../../../offers/offer.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { LoadFailed, Outcome, useFailureText, useIdempotency, WorkForm } from '../cases/form-kit.tsx';
import { useWorkForm } from '../cases/use-work-form.ts';
import { useContactChanges, useContacts } from './api/providers.ts';
import {
  CONTACT_FIELDS,
  contactProblemsOf,
  contactValuesOf,
  toCreateContact,
  toUpdateContact,
  type ContactField,
  type ContactValues,
} from './offer-values.ts';

function ContactForm({
  providerId,
  contact,
  onDone,
}: {
  providerId: string;
  /** The contact to change; null adds one. */
  contact: ProviderContact | null;
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const changes = useContactChanges(providerId);
  const idempotency = useIdempotency();
  const form = useWorkForm<ContactValues, ContactField>(() => contactValuesOf(contact));
  const { values, set, errorOf } = form;
  const prefix = contact ? `contact-${contact.id}` : `contact-new-${providerId}`;
  const label = (field: ContactField) => t(`offers.contacts.${field}`);
  const busy = changes.create.isPending || changes.update.isPending;

  const submit = () =>
    contact
      ? form.submit({
          checked: toUpdateContact(values, contact),
          skipEmpty: true,
          problemsOf: contactProblemsOf,
          send: async (body) => {
            await changes.update.mutateAsync({ contact, body });
            return t('offers.contacts.saved');
          },
          onStale: async () => t('offers.contacts.stale'),
        })
      : form.submit({
          checked: toCreateContact(values),
          problemsOf: contactProblemsOf,
          send: async (body) => {
            await idempotency.send(body, (idempotencyKey) => changes.create.mutateAsync({ body, idempotencyKey }));
            form.setValues(contactValuesOf(null));
            return t('offers.contacts.added');
          },
        });

  return (
    <WorkForm
      id={`${prefix}-form`}
      title={contact ? t('offers.contacts.editTitle', { name: contact.name }) : t('offers.contacts.add')}
      order={3}
      problems={form.summary(label, (field) => `${prefix}-${field}`)}
      notice={form.notice}
      round={form.round}
      onSubmit={() => void submit()}
      submitLabel={contact ? t('offers.common.save') : t('offers.contacts.submitAdd')}
      busy={busy}
      extraActions={
        onDone ? (
          <Button type="button" variant="default" onClick={onDone}>
            {t('offers.common.close')}
          </Button>
        ) : undefined
      }
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {CONTACT_FIELDS.map((field) => (
          <TextInput
            key={field}
            id={`${prefix}-${field}`}
            label={label(field)}
            required={field === 'name'}
            type={field === 'email' ? 'email' : field === 'phone' ? 'tel' : 'text'}
            value={values[field]}
            error={errorOf(field)}
            onChange={(event) => set(field, event.currentTarget.value)}
          />
        ))}
      </SimpleGrid>
    </WorkForm>
  );
}

export function ProviderContacts({ providerId, canEdit }: { providerId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const query = useContacts(providerId);
  const changes = useContactChanges(providerId);
  const failureText = useFailureText();
  const [editing, setEditing] = useState<string | null>(null);
  const [removed, setRemoved] = useState<{ name: string; round: number } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const contacts = query.data?.items ?? [];
  const current = contacts.find((contact) => contact.id === editing) ?? null;

  const remove = async (contact: ProviderContact) => {
    setFailed(null);
    try {
      await changes.remove.mutateAsync(contact);
      setRemoved({ name: contact.name, round: (removed?.round ?? 0) + 1 });
    } catch (error) {
      setFailed(failureText(error));
    }
  };

  return (
    <Stack gap="md">
      {query.isPending ? <Loading text={t('offers.common.loading')} /> : null}
      {query.isError ? (
        <LoadFailed error={query.error} failed={t('offers.contacts.failed')} onRetry={() => void query.refetch()} />
      ) : null}
      {removed ? <Outcome key={removed.round}>{t('offers.contacts.removed', { name: removed.name })}</Outcome> : null}
      {failed ? <FormError>{failed}</FormError> : null}
      {query.isSuccess && contacts.length === 0 ? <Text>{t('offers.contacts.empty')}</Text> : null}
      {contacts.length > 0 ? (
        <Table.ScrollContainer minWidth={560}>
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('offers.contacts.name')}</Table.Th>
                <Table.Th scope="col">{t('offers.contacts.role')}</Table.Th>
                <Table.Th scope="col">{t('offers.contacts.email')}</Table.Th>
                <Table.Th scope="col">{t('offers.contacts.phone')}</Table.Th>
                {canEdit ? <Table.Th scope="col">{t('offers.enrolments.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {contacts.map((contact) => (
                <Table.Tr key={contact.id}>
                  <Table.Th scope="row" fw={600}>
                    {contact.name}
                  </Table.Th>
                  <Table.Td>{contact.role ?? '–'}</Table.Td>
                  <Table.Td>
                    {contact.email ? <Anchor href={`mailto:${contact.email}`}>{contact.email}</Anchor> : '–'}
                  </Table.Td>
                  <Table.Td>
                    {contact.phone ? <Anchor href={`tel:${contact.phone}`}>{contact.phone}</Anchor> : '–'}
                  </Table.Td>
                  {canEdit ? (
                    <Table.Td>
                      <Group gap="xs">
                        <Button
                          size="xs"
                          variant="default"
                          aria-expanded={editing === contact.id}
                          onClick={() => setEditing(editing === contact.id ? null : contact.id)}
                        >
                          {t('offers.contacts.edit', { name: contact.name })}
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          color="red.9"
                          loading={changes.remove.isPending && changes.remove.variables?.id === contact.id}
                          onClick={() => void remove(contact)}
                        >
                          {t('offers.contacts.remove', { name: contact.name })}
                        </Button>
                      </Group>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {canEdit && current ? (
        <Paper withBorder p="md">
          <ContactForm key={current.id} providerId={providerId} contact={current} onDone={() => setEditing(null)} />
        </Paper>
      ) : null}
      {canEdit ? (
        <Paper withBorder p="md">
          <ContactForm providerId={providerId} contact={null} />
        </Paper>
      ) : null}
    </Stack>
  );
}
