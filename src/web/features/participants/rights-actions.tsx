// Data-subject rights on the participant page: the Art. 15 export (JSON, PDF) and erasure on request (Art. 17),
// both behind the step-up dialog; erasure also behind an explicit confirmation.
import { Alert, Button, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { erasureGrounds, type DeletionResult, type ErasureGround } from '../../../data-rights/data-rights.schema.ts';
import type { Participant } from '../../../participants/participant.schema.ts';
import { useStepUp } from '../../components/step-up.tsx';
import { useDeleteParticipant } from './api/delete-participant.ts';
import { downloadExport, type ExportFormat } from './api/export-participant.ts';
import { ChangeNotice, useChange } from './detail-parts.tsx';
import { fieldId } from './form-parts.tsx';

export function ExportAction({ participant }: { participant: Participant }) {
  const { t } = useTranslation();
  const stepUp = useStepUp();
  const change = useChange(participant);
  const [busy, setBusy] = useState<ExportFormat | null>(null);

  const download = async (format: ExportFormat) => {
    if (busy) return;
    setBusy(format);
    let name = '';
    await change.run(
      async () => {
        name = await stepUp.run(() => downloadExport(participant.id, format));
      },
      // The file name is known only afterwards.
      null,
    );
    if (name)
      change.setMessage({
        kind: 'done',
        text: t('participants.actions.exported', { file: name }),
        round: change.round + 1,
      });
    setBusy(null);
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="export-title">
      <Stack gap="sm">
        <Title order={3} size="h4" id="export-title">
          {t('participants.actions.exportTitle')}
        </Title>
        <Text size="sm">{t('participants.actions.exportIntro')}</Text>
        <ChangeNotice message={change.message} reloading={false} onReload={() => undefined} />
        <div role="status">{busy ? <Text size="sm">{t('participants.actions.exporting')}</Text> : null}</div>
        <Group>
          <Button variant="default" loading={busy === 'json'} onClick={() => void download('json')}>
            {t('participants.actions.exportJson')}
          </Button>
          <Button variant="default" loading={busy === 'pdf'} onClick={() => void download('pdf')}>
            {t('participants.actions.exportPdf')}
          </Button>
        </Group>
      </Stack>
      {stepUp.dialog}
    </Paper>
  );
}

export function DeleteAction({
  participant,
  onDeleted,
  onReload,
  reloading,
}: {
  participant: Participant;
  onDeleted: (result: DeletionResult) => void;
  onReload: () => Promise<unknown>;
  reloading: boolean;
}) {
  const { t } = useTranslation();
  const stepUp = useStepUp();
  const remove = useDeleteParticipant();
  const change = useChange(participant);
  const [ground, setGround] = useState<ErasureGround | ''>('');
  const [groundMissing, setGroundMissing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLDivElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const start = () => {
    change.setMessage(null);
    if (!ground) {
      setGroundMissing(true);
      document.getElementById(fieldId('delete', 'reason'))?.focus();
      return;
    }
    setGroundMissing(false);
    setConfirming(true);
  };

  const cancel = () => {
    setConfirming(false);
    requestAnimationFrame(() => startButton.current?.focus());
  };

  const erase = async () => {
    if (!ground || remove.isPending) return;
    const outcome: { result?: DeletionResult } = {};
    await change.run(async () => {
      outcome.result = await stepUp.run(() =>
        remove.mutateAsync({ id: participant.id, version: participant.version, body: { reason: ground } }),
      );
    }, null);
    setConfirming(false);
    if (outcome.result) onDeleted(outcome.result);
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="delete-title">
      <Stack gap="sm">
        <Title order={3} size="h4" id="delete-title">
          {t('participants.actions.deleteTitle')}
        </Title>
        <Text size="sm">{t('participants.actions.deleteIntro')}</Text>
        <ChangeNotice
          message={change.message}
          reloading={reloading}
          onReload={() => void onReload().then(() => change.setMessage(null))}
        />
        <NativeSelect
          id={fieldId('delete', 'reason')}
          label={t('participants.actions.deleteReason')}
          required
          value={ground}
          error={groundMissing ? t('participants.actions.reasonRequired') : undefined}
          onChange={(event) => {
            setGround(event.currentTarget.value as ErasureGround | '');
            setConfirming(false);
          }}
          data={[
            { value: '', label: t('participants.form.choose') },
            ...erasureGrounds.map((value) => ({ value, label: t(`participants.actions.grounds.${value}`) })),
          ]}
        />
        {confirming ? (
          <Alert
            ref={confirmRef}
            tabIndex={-1}
            color="red.9"
            variant="outline"
            role="alertdialog"
            aria-labelledby="delete-confirm-title"
            aria-describedby="delete-confirm-text"
            title={<span id="delete-confirm-title">{t('participants.actions.deleteConfirmTitle')}</span>}
          >
            <Text mb="sm" id="delete-confirm-text">
              {t('participants.actions.deleteConfirm', { number: participant.number })}
            </Text>
            <Group>
              <Button color="red.9" onClick={() => void erase()} loading={remove.isPending}>
                {t('participants.actions.deleteYes')}
              </Button>
              <Button variant="default" onClick={cancel}>
                {t('participants.actions.deleteNo')}
              </Button>
            </Group>
          </Alert>
        ) : (
          <Group>
            <Button ref={startButton} color="red.9" variant="outline" onClick={start}>
              {t('participants.actions.delete')}
            </Button>
          </Group>
        )}
      </Stack>
      {stepUp.dialog}
    </Paper>
  );
}
