// One quality dialogue (/quality/dialogues/$dialogueId): its details (changed with If-Match), the agreed actions
// (added, marked done, reopened, dropped) and its deletion. Provider staff read it; the managing office changes it.
import { Alert, Badge, Button, Group, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dialogue, QualityActionRecord } from '../../../quality/dialogue.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { useMe } from '../../lib/me.ts';
import { can } from '../../lib/permissions.ts';
import { DialogueTextFields } from './dialogue-fields.tsx';
import { useAddAction, useDeleteDialogue, useDialogue, useUpdateAction, useUpdateDialogue } from './api/quality-api.ts';
import { formatDay } from './format.ts';
import { ScrollRegion } from '../../components/scroll-region.tsx';

function saveMessage(error: unknown, t: TFunction): string {
  return isProblem(error, 'precondition_failed') ? t('quality.common.conflict') : t('quality.common.saveFailed');
}

function DetailsForm({ dialogue }: { dialogue: Dialogue }) {
  const { t } = useTranslation();
  const update = useUpdateDialogue(dialogue.id);
  const [attendees, setAttendees] = useState(dialogue.attendees);
  const [findings, setFindings] = useState(dialogue.findings ?? '');
  const [followUpOn, setFollowUpOn] = useState(dialogue.followUpOn ?? '');
  const [followUpNotes, setFollowUpNotes] = useState(dialogue.followUpNotes ?? '');
  const [attempt, setAttempt] = useState(0);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    update.mutate({
      version: dialogue.version,
      body: {
        attendees,
        findings: findings || null,
        followUpOn: followUpOn || null,
        followUpNotes: followUpNotes || null,
      },
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={720}>
        <Title order={2}>{t('quality.dialogues.edit')}</Title>
        {update.isError ? <FormError key={attempt}>{saveMessage(update.error, t)}</FormError> : null}
        {update.isSuccess ? <Text role="status">{t('quality.dialogues.saved')}</Text> : null}
        <DialogueTextFields
          values={{ attendees, findings, followUpOn }}
          setters={{ attendees: setAttendees, findings: setFindings, followUpOn: setFollowUpOn }}
        />
        <Textarea
          label={t('quality.dialogues.followUpNotes')}
          autosize
          minRows={2}
          maxLength={20000}
          value={followUpNotes}
          onChange={(event) => setFollowUpNotes(event.currentTarget.value)}
        />
        <Button type="submit" loading={update.isPending} style={{ alignSelf: 'flex-start' }}>
          {t('quality.common.save')}
        </Button>
      </Stack>
    </form>
  );
}

function ActionRow({
  dialogueId,
  action,
  editable,
}: {
  dialogueId: string;
  action: QualityActionRecord;
  editable: boolean;
}) {
  const { t, i18n } = useTranslation();
  const update = useUpdateAction(dialogueId);
  const set = (status: QualityActionRecord['status']) =>
    update.mutate({ actionId: action.id, version: action.version, body: { status } });
  return (
    <Table.Tr>
      <Table.Th scope="row" fw={400}>
        {action.action}
      </Table.Th>
      <Table.Td>{action.owner}</Table.Td>
      <Table.Td>{formatDay(action.dueOn, i18n.language)}</Table.Td>
      <Table.Td>
        <Group gap="xs">
          <span>{t(`quality.dialogues.actions.statuses.${action.status}`)}</span>
          {action.doneOn ? (
            <span>({t('quality.dialogues.actions.doneOn', { date: formatDay(action.doneOn, i18n.language) })})</span>
          ) : null}
          {action.overdue ? (
            <Badge color="red.9" variant="outline">
              {t('quality.dialogues.actions.overdue')}
            </Badge>
          ) : null}
        </Group>
        {update.isError ? <Text role="alert">{saveMessage(update.error, t)}</Text> : null}
      </Table.Td>
      {editable ? (
        <Table.Td>
          <Group gap="xs">
            {action.status === 'open' ? (
              <>
                <Button size="xs" variant="default" onClick={() => set('done')} loading={update.isPending}>
                  {t('quality.dialogues.actions.markDone')}
                </Button>
                <Button size="xs" variant="default" onClick={() => set('dropped')} loading={update.isPending}>
                  {t('quality.dialogues.actions.drop')}
                </Button>
              </>
            ) : (
              <Button size="xs" variant="default" onClick={() => set('open')} loading={update.isPending}>
                {t('quality.dialogues.actions.reopen')}
              </Button>
            )}
          </Group>
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

function AddActionForm({ dialogueId }: { dialogueId: string }) {
  const { t } = useTranslation();
  const add = useAddAction(dialogueId);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [action, setAction] = useState('');
  const [owner, setOwner] = useState('');
  const [dueOn, setDueOn] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(
      { idempotencyKey: key, body: { action, owner, dueOn: dueOn || null } },
      {
        onSuccess: () => {
          setAction('');
          setOwner('');
          setDueOn('');
          setKey(crypto.randomUUID());
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Group align="flex-end" gap="md">
        <TextInput
          label={t('quality.dialogues.actions.action')}
          required
          maxLength={1000}
          value={action}
          onChange={(event) => setAction(event.currentTarget.value)}
        />
        <TextInput
          label={t('quality.dialogues.actions.owner')}
          required
          maxLength={200}
          value={owner}
          onChange={(event) => setOwner(event.currentTarget.value)}
        />
        <TextInput
          type="date"
          label={t('quality.dialogues.actions.dueOn')}
          value={dueOn}
          onChange={(event) => setDueOn(event.currentTarget.value)}
        />
        <Button type="submit" loading={add.isPending}>
          {t('quality.dialogues.actions.add')}
        </Button>
      </Group>
      {add.isError ? <FormError>{t('quality.common.saveFailed')}</FormError> : null}
    </form>
  );
}

export function DialoguePage({ dialogueId }: { dialogueId: string }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const result = useDialogue(dialogueId);
  const remove = useDeleteDialogue(dialogueId);
  const dialogue = result.data;
  const editable = me.data ? can(me.data, 'update', 'quality') : false;
  return (
    <Stack gap="lg">
      <PageTitle documentTitle={t('quality.dialogues.documentTitle')}>
        {dialogue
          ? t('quality.dialogues.detailTitle', { date: formatDay(dialogue.heldOn, i18n.language) })
          : t('quality.dialogues.documentTitle')}
      </PageTitle>
      <AnchorLink to="/quality/dialogues">{t('quality.dialogues.back')}</AnchorLink>
      {result.isPending ? <Loading text={t('quality.common.loading')} /> : null}
      {result.isError ? (
        <Alert color="red.9" variant="outline" role="alert">
          {isProblem(result.error, 'not_found') ? t('quality.common.noAccess') : t('quality.common.failed')}
        </Alert>
      ) : null}
      {dialogue ? (
        <>
          <Text>
            {t('quality.dialogues.provider')}: {dialogue.providerName} · {t('quality.dialogues.offer')}:{' '}
            {dialogue.offerTitle ?? t('quality.dialogues.noOffer')}
          </Text>
          {editable ? (
            <DetailsForm key={dialogue.version} dialogue={dialogue} />
          ) : (
            <Stack gap="xs">
              <Text>
                {t('quality.dialogues.attendees')}: {dialogue.attendees}
              </Text>
              {dialogue.findings ? (
                <Text style={{ whiteSpace: 'pre-wrap' }}>
                  {t('quality.dialogues.findings')}: {dialogue.findings}
                </Text>
              ) : null}
              {dialogue.followUpOn ? (
                <Text>
                  {t('quality.dialogues.followUpOn')}: {formatDay(dialogue.followUpOn, i18n.language)}
                </Text>
              ) : null}
            </Stack>
          )}
          <Title order={2}>{t('quality.dialogues.actions.title')}</Title>
          {dialogue.actions.length === 0 ? (
            <Text>{t('quality.dialogues.actions.empty')}</Text>
          ) : (
            <ScrollRegion label={t('quality.dialogues.actions.caption')} minWidth={700}>
              <Table withTableBorder>
                <caption style={{ textAlign: 'start', fontWeight: 600 }}>
                  {t('quality.dialogues.actions.caption')}
                </caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('quality.dialogues.actions.action')}</Table.Th>
                    <Table.Th scope="col">{t('quality.dialogues.actions.owner')}</Table.Th>
                    <Table.Th scope="col">{t('quality.dialogues.actions.dueOn')}</Table.Th>
                    <Table.Th scope="col">{t('quality.dialogues.actions.status')}</Table.Th>
                    {editable ? <Table.Td /> : null}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {dialogue.actions.map((action) => (
                    <ActionRow
                      key={`${action.id}-${action.version}`}
                      dialogueId={dialogue.id}
                      action={action}
                      editable={editable}
                    />
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
          )}
          {editable ? <AddActionForm dialogueId={dialogue.id} /> : null}
          {me.data && can(me.data, 'delete', 'quality') ? (
            <Button
              color="red.9"
              variant="outline"
              style={{ alignSelf: 'flex-start' }}
              loading={remove.isPending}
              onClick={() => {
                if (!window.confirm(t('quality.dialogues.confirmDelete'))) return;
                remove.mutate(
                  { version: dialogue.version },
                  { onSuccess: () => void navigate({ to: '/quality/dialogues' }) },
                );
              }}
            >
              {t('quality.dialogues.deleteDialogue')}
            </Button>
          ) : null}
          {remove.isError ? <FormError>{saveMessage(remove.error, t)}</FormError> : null}
        </>
      ) : null}
    </Stack>
  );
}
