// The quality dialogues (/quality/dialogues): the list, and for the managing office the form of a new one.
import { Button, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/form-error.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { useMe } from '../../lib/me.ts';
import { can } from '../../lib/permissions.ts';
import { useCreateDialogue, useProviderOverview } from './api/quality-api.ts';
import { DialogueTextFields } from './dialogue-fields.tsx';
import { DialogueList } from './dialogue-list.tsx';

function NewDialogueForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const providers = useProviderOverview();
  const create = useCreateDialogue();
  const [key] = useState(() => crypto.randomUUID());
  const [providerId, setProviderId] = useState('');
  const [heldOn, setHeldOn] = useState('');
  const [attendees, setAttendees] = useState('');
  const [findings, setFindings] = useState('');
  const [followUpOn, setFollowUpOn] = useState('');
  const [attempt, setAttempt] = useState(0);
  const fieldError = (field: string) =>
    isProblem(create.error) ? create.error.fieldErrors.find((e) => e.field === field)?.message : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    create.mutate(
      {
        // One key per filled-in form: a retry after a lost answer never records the dialogue twice.
        idempotencyKey: key,
        body: {
          providerId,
          heldOn,
          attendees,
          findings: findings || null,
          followUpOn: followUpOn || null,
        },
      },
      {
        onSuccess: (dialogue) =>
          void navigate({ to: '/quality/dialogues/$dialogueId', params: { dialogueId: dialogue.id } }),
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={640}>
        <Title order={2}>{t('quality.dialogues.new')}</Title>
        {create.isError ? <FormError key={attempt}>{t('quality.common.saveFailed')}</FormError> : null}
        <NativeSelect
          label={t('quality.dialogues.provider')}
          required
          value={providerId}
          onChange={(event) => setProviderId(event.currentTarget.value)}
          error={fieldError('providerId')}
          data={[
            { value: '', label: '—' },
            ...(providers.data?.providers ?? []).map(({ provider }) => ({ value: provider.id, label: provider.name })),
          ]}
        />
        <TextInput
          type="date"
          label={t('quality.dialogues.heldOn')}
          required
          value={heldOn}
          onChange={(event) => setHeldOn(event.currentTarget.value)}
          error={fieldError('heldOn')}
        />
        <DialogueTextFields
          values={{ attendees, findings, followUpOn }}
          setters={{ attendees: setAttendees, findings: setFindings, followUpOn: setFollowUpOn }}
          errorOf={fieldError}
        />
        <Button type="submit" loading={create.isPending} style={{ alignSelf: 'flex-start' }}>
          {t('quality.dialogues.create')}
        </Button>
      </Stack>
    </form>
  );
}

export function DialoguesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const readable = me.data ? can(me.data, 'read', 'quality') : false;
  const creates = me.data ? can(me.data, 'create', 'quality') : false;
  return (
    <Stack gap="lg">
      <PageTitle>{t('quality.dialogues.title')}</PageTitle>
      <AnchorLink to="/quality">{t('quality.provider.back')}</AnchorLink>
      <Text>{t('quality.dialogues.intro')}</Text>
      {me.data && !readable ? <Text>{t('quality.common.noAccess')}</Text> : null}
      {readable ? <DialogueList /> : null}
      {creates ? <NewDialogueForm /> : null}
    </Stack>
  );
}
